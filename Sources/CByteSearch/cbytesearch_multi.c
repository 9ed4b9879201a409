#include "cbytesearch.h"
#include "cbytesearch_set.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Wu and Manber's search for many phrases in one pass: the text is read
// through a window as long as the shortest phrase, and the window's last
// two bytes say how far it may jump. Two bytes that end no phrase's first
// `shortest` bytes let it jump almost a whole phrase, which is nearly every
// window of a log; only where the window could end a phrase are the
// phrases ending in those two bytes compared.
static unsigned block_at(const uint8_t *p) { return (unsigned)p[0] | ((unsigned)p[1] << 8); }

struct cbytesearch_set *cbytesearch_set_new(const void *const *phrases, const size_t *lengths, size_t count) {
    if (count == 0) return NULL;
    size_t shortest = SIZE_MAX;
    for (size_t i = 0; i < count; i++) {
        if (lengths[i] < shortest) shortest = lengths[i];
    }
    if (shortest < 2) return NULL;
    struct cbytesearch_set *set = calloc(1, sizeof *set);
    if (!set) return NULL;
    set->count = count;
    set->shortest = shortest;
    set->phrases = calloc(count, sizeof *set->phrases);
    set->lengths = calloc(count, sizeof *set->lengths);
    set->bucket_items = calloc(count, sizeof *set->bucket_items);
    if (!set->phrases || !set->lengths || !set->bucket_items) {
        cbytesearch_set_free(set);
        return NULL;
    }
    size_t most = shortest - 1 > 255 ? 255 : shortest - 1;
    memset(set->shift, (int)most, sizeof set->shift);
    for (size_t i = 0; i < count; i++) {
        uint8_t *copy = malloc(lengths[i]);
        if (!copy) {
            cbytesearch_set_free(set);
            return NULL;
        }
        memcpy(copy, phrases[i], lengths[i]);
        set->phrases[i] = copy;
        set->lengths[i] = lengths[i];
        // The block ending at byte j of the phrase may end the window when
        // the phrase starts shortest - 1 - j bytes further on.
        for (size_t j = 1; j < shortest; j++) {
            size_t distance = shortest - 1 - j;
            unsigned block = block_at(copy + j - 1);
            if (distance < set->shift[block]) set->shift[block] = (uint8_t)distance;
        }
    }
    if (!cbytesearch_anchor_setup(set) || (!set->anchored && !cbytesearch_sampled_setup(set))) {
        cbytesearch_set_free(set);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) set->bucket_items[i] = UINT32_MAX;
    // Counting sort of the phrases by their last block within `shortest`.
    for (size_t i = 0; i < count; i++) set->bucket_start[block_at(set->phrases[i] + shortest - 2) + 1]++;
    for (size_t b = 0; b < (1 << 16); b++) set->bucket_start[b + 1] += set->bucket_start[b];
    // Placed from each bucket's end backwards, which keeps no cursor array.
    for (size_t i = count; i-- > 0;) {
        unsigned block = block_at(set->phrases[i] + shortest - 2);
        size_t placed = 0;
        while (set->bucket_items[set->bucket_start[block + 1] - 1 - placed] != UINT32_MAX) placed++;
        set->bucket_items[set->bucket_start[block + 1] - 1 - placed] = (uint32_t)i;
    }
    return set;
}

void cbytesearch_set_free(struct cbytesearch_set *set) {
    if (!set) return;
    if (set->phrases) {
        for (size_t i = 0; i < set->count; i++) free((void *)set->phrases[i]);
    }
    free(set->phrases);
    free(set->lengths);
    free(set->bucket_items);
    free(set->by_byte_items);
    free(set->gram_items);
    free(set);
}

size_t cbytesearch_set_find(const struct cbytesearch_set *set, const void *haystack, size_t length,
                            size_t *offsets, size_t capacity) {
    if (set->anchored) return cbytesearch_anchored_find(set, haystack, length, offsets, capacity);
    if (set->sampled) return cbytesearch_sampled_find(set, haystack, length, offsets, capacity);
    return cbytesearch_wu_manber_find(set, haystack, length, offsets, capacity);
}

size_t cbytesearch_wu_manber_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                  size_t *offsets, size_t capacity) {
    size_t found = 0;
    size_t m = set->shortest;
    if (length < m) return 0;
    size_t end = m - 1;  // the window is text[end - m + 1 ... end]
    while (end < length) {
        unsigned block = block_at(text + end - 1);
        size_t shift = set->shift[block];
        if (shift) {
            end += shift;
            continue;
        }
        size_t start = end + 1 - m;
        for (uint32_t k = set->bucket_start[block]; k < set->bucket_start[block + 1]; k++) {
            uint32_t i = set->bucket_items[k];
            size_t n = set->lengths[i];
            const uint8_t *phrase = set->phrases[i];
            // The first byte alone turns most candidates away without a call.
            if (n <= length - start && text[start] == phrase[0] && memcmp(text + start, phrase, n) == 0) {
                // Counted even past `capacity`, so the caller can retry with room.
                if (found < capacity) offsets[found] = start;
                found++;
                break;  // one offset per start is enough: the caller wants where
            }
        }
        end++;
    }
    return found;
}
