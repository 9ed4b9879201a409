#ifndef CBYTESEARCH_H
#define CBYTESEARCH_H
#include <stddef.h>

// glibc's memmem: the first occurrence of `needle` in `haystack`, or NULL.
// Its skip-ahead search reads a large log region at memory speed whatever
// the build's optimisation.
const void *cbytesearch_find(const void *haystack, size_t haystack_length,
                             const void *needle, size_t needle_length);

#endif
