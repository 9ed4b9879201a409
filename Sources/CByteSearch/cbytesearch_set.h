#ifndef CBYTESEARCH_SET_H
#define CBYTESEARCH_SET_H
#include <stddef.h>
#include <stdint.h>

// The length of a shared ending that is searched for first (see
// cbytesearch_ending.c).
#define CBYTESEARCH_ANCHOR 3

struct cbytesearch_set {
    size_t count;
    size_t shortest;
    const uint8_t **phrases;
    size_t *lengths;

    // Wu-Manber (cbytesearch_multi.c), for phrases with no shared ending.
    uint8_t shift[1 << 16];
    // Phrases by the two bytes that end their first `shortest` bytes:
    // bucket_start[b] .. bucket_start[b + 1] in bucket_items.
    uint32_t bucket_start[(1 << 16) + 1];
    uint32_t *bucket_items;

    // Nonzero when every phrase ends in the same CBYTESEARCH_ANCHOR bytes
    // (the labels `ERROR:  `, `DETAIL:  `, ... all end in ":  "): then
    // those bytes are searched for, and the phrases checked where they are.
    int anchored;
    uint8_t anchor[CBYTESEARCH_ANCHOR];
    // Phrases by the byte just before their anchor, 256 for a phrase that
    // is the anchor alone: by_byte_start[b] .. by_byte_start[b + 1] in
    // by_byte_items.
    uint32_t by_byte_start[257 + 1];
    uint32_t *by_byte_items;

    // Nonzero when the phrases are long and share no ending (the gate's
    // catalogue): then the text is sampled every `stride` bytes (see
    // cbytesearch_sampled.c).
    int sampled;
    size_t stride;
    // Which four-byte pieces (hashed) some phrase holds within its first
    // `stride` + 3 bytes: a bit each.
    uint64_t gram_bits[1 << 10];
    // Those pieces by hash: gram_start[h] .. gram_start[h + 1] in
    // gram_items, each the phrase's index << 8 | the piece's offset in it.
    uint32_t gram_start[(1 << 16) + 1];
    uint32_t *gram_items;
};

// Wu-Manber's and the anchored search, with cbytesearch_set_find's contract.
size_t cbytesearch_wu_manber_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                  size_t *offsets, size_t capacity);
size_t cbytesearch_anchored_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                 size_t *offsets, size_t capacity);
size_t cbytesearch_sampled_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                size_t *offsets, size_t capacity);
// Set up the anchored or the sampled search where it suits the phrases;
// 0 if out of memory.
int cbytesearch_anchor_setup(struct cbytesearch_set *set);
int cbytesearch_sampled_setup(struct cbytesearch_set *set);

#endif
