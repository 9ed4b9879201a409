#define _GNU_SOURCE
#include "cbytesearch.h"
#include <string.h>

const void *cbytesearch_find(const void *haystack, size_t haystack_length,
                             const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}

const void *cbytesearch_last(const void *haystack, int byte, size_t haystack_length) {
    return memrchr(haystack, byte, haystack_length);
}
