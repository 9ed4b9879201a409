#ifndef CBYTESEARCH_H
#define CBYTESEARCH_H
#include <stddef.h>

// glibc's memmem: the first occurrence of `needle` in `haystack`, or NULL.
// Its skip-ahead search reads a large log region at memory speed whatever
// the build's optimisation.
const void *cbytesearch_find(const void *haystack, size_t haystack_length,
                             const void *needle, size_t needle_length);

// glibc's memrchr: the last `byte` in `haystack`, or NULL.
const void *cbytesearch_last(const void *haystack, int byte, size_t haystack_length);

// How many times `byte` occurs in `haystack`.
size_t cbytesearch_count(const void *haystack, int byte, size_t haystack_length);

// Many phrases searched in one pass: a vector-friendly scan for the ending
// when every phrase ends in the same three bytes, a sample of the text
// every few bytes when every phrase is eight bytes or more, else
// Wu-Manber. NULL
// when there is no phrase or one is shorter than two bytes (search those
// with memmem).
struct cbytesearch_set;
struct cbytesearch_set *cbytesearch_set_new(const void *const *phrases, const size_t *lengths, size_t count);
void cbytesearch_set_free(struct cbytesearch_set *set);
// Writes the offsets in `haystack` at which some phrase starts, ascending,
// each once, up to `capacity` of them; returns how many there are in all
// (more than `capacity`: call again with room for that many).
size_t cbytesearch_set_find(const struct cbytesearch_set *set, const void *haystack, size_t length,
                            size_t *offsets, size_t capacity);

#endif
