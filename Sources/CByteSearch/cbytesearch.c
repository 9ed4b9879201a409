#define _GNU_SOURCE
#include "cbytesearch.h"
#include <stdint.h>
#include <string.h>

const void *cbytesearch_find(const void *haystack, size_t haystack_length,
                             const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

const void *cbytesearch_last(const void *haystack, int byte, size_t haystack_length) {
    return memrchr(haystack, byte, haystack_length);
}

size_t cbytesearch_count(const void *haystack, int byte, size_t haystack_length) {
    const unsigned char *p = haystack;
    unsigned char b = (unsigned char)byte;
    size_t count = 0, i = 0;
    // Counted 64 bytes at a time into a byte-wide sum, which compilers turn
    // into vector compares and adds at -O2; summing straight into a size_t
    // made them widen every byte and ran ten times slower.
    enum { block = 64 };
    for (; i + block <= haystack_length; i += block) {
        uint8_t in_block = 0;
        for (int j = 0; j < block; j++) in_block += p[i + j] == b;
        count += in_block;
    }
    for (; i < haystack_length; i++) count += p[i] == b;
    return count;
}
