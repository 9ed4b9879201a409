#include "cbytesearch_set.h"
#include <stdlib.h>
#include <string.h>

// Phrases that all end alike, such as the labels a log line holds
// (`ERROR:  `, `DETAIL:  `, `WARNING:  `), are found through that ending:
// a plain loop over 32 bytes at a time tells whether the block holds the
// ending's three bytes anywhere, which compilers turn into vector compares
// at -O2, and the rare block that does is looked at byte by byte. Wu-Manber
// shifts less than a phrase's length, and for phrases this short, over text
// full of capitals and colons, that is a few bytes at a time.

int cbytesearch_anchor_setup(struct cbytesearch_set *set) {
    set->anchored = 0;
    if (set->shortest < CBYTESEARCH_ANCHOR) return 1;
    const uint8_t *first = set->phrases[0];
    size_t first_length = set->lengths[0];
    for (size_t i = 1; i < set->count; i++) {
        if (memcmp(set->phrases[i] + set->lengths[i] - CBYTESEARCH_ANCHOR,
                   first + first_length - CBYTESEARCH_ANCHOR, CBYTESEARCH_ANCHOR) != 0) return 1;
    }
    set->by_byte_items = calloc(set->count, sizeof *set->by_byte_items);
    unsigned *keys = calloc(set->count, sizeof *keys);
    if (!set->by_byte_items || !keys) {
        free(keys);
        return 0;
    }
    memcpy(set->anchor, first + first_length - CBYTESEARCH_ANCHOR, CBYTESEARCH_ANCHOR);
    memset(set->by_byte_start, 0, sizeof set->by_byte_start);
    // Counting sort by the byte before the anchor (256: none).
    for (size_t i = 0; i < set->count; i++) {
        size_t n = set->lengths[i];
        keys[i] = n > CBYTESEARCH_ANCHOR ? set->phrases[i][n - CBYTESEARCH_ANCHOR - 1] : 256;
        set->by_byte_start[keys[i] + 1]++;
    }
    for (size_t b = 0; b < 257; b++) set->by_byte_start[b + 1] += set->by_byte_start[b];
    uint32_t next[257];
    memcpy(next, set->by_byte_start, sizeof next);
    for (size_t i = 0; i < set->count; i++) set->by_byte_items[next[keys[i]]++] = (uint32_t)i;
    free(keys);
    set->anchored = 1;
    return 1;
}

struct results {
    size_t *offsets;
    size_t capacity;
    size_t found;
    size_t last;
    // Two phrases ending at one anchor start at different places, and a
    // longer one found at a later anchor may start before a shorter one
    // found earlier: then the offsets are sorted at the end.
    int unordered;
};

static void found_at(struct results *r, size_t start) {
    // Counted even past `capacity`, so the caller can retry with room.
    if (r->found < r->capacity) r->offsets[r->found] = start;
    if (r->found > 0 && start <= r->last) r->unordered = 1;
    r->last = start;
    r->found++;
}

// The phrases that end with the anchor at `at`.
static void check(const struct cbytesearch_set *set, const uint8_t *text, size_t at, struct results *r) {
    size_t end = at + CBYTESEARCH_ANCHOR;
    for (uint32_t k = set->by_byte_start[256]; k < set->by_byte_start[257]; k++) found_at(r, at);
    if (at == 0) return;
    unsigned before = text[at - 1];
    for (uint32_t k = set->by_byte_start[before]; k < set->by_byte_start[before + 1]; k++) {
        uint32_t i = set->by_byte_items[k];
        size_t n = set->lengths[i];
        // The first byte alone turns most candidates away without a call:
        // every LOG line's `G:  ` is a candidate for WARNING.
        if (n <= end && text[end - n] == set->phrases[i][0]
            && memcmp(text + end - n, set->phrases[i], n - CBYTESEARCH_ANCHOR - 1) == 0) found_at(r, end - n);
    }
}

static int ascending(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

size_t cbytesearch_anchored_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                 size_t *offsets, size_t capacity) {
    struct results r = {offsets, capacity, 0, 0, 0};
    const uint8_t a0 = set->anchor[0], a1 = set->anchor[1], a2 = set->anchor[2];
    enum { block = 32 };
    size_t i = 0;
    // Each block looks at anchors starting at i .. i + 31, reading up to i + 33.
    for (; i + block + CBYTESEARCH_ANCHOR - 1 <= length; i += block) {
        const uint8_t *p = text + i;
        uint8_t any = 0;
        for (int j = 0; j < block; j++) any |= (uint8_t)((p[j] == a0) & (p[j + 1] == a1) & (p[j + 2] == a2));
        if (!any) continue;
        const uint8_t *end = p + block;
        while ((p = memchr(p, a0, (size_t)(end - p))) != NULL) {
            if (p[1] == a1 && p[2] == a2) check(set, text, (size_t)(p - text), &r);
            p++;
        }
    }
    for (; i + CBYTESEARCH_ANCHOR <= length; i++) {
        if (text[i] == a0 && text[i + 1] == a1 && text[i + 2] == a2) check(set, text, i, &r);
    }
    if (r.unordered && r.found <= capacity) {
        qsort(offsets, r.found, sizeof *offsets, ascending);
        size_t kept = 0;
        for (size_t k = 0; k < r.found; k++) {
            if (kept == 0 || offsets[k] != offsets[kept - 1]) offsets[kept++] = offsets[k];
        }
        r.found = kept;
    }
    return r.found;
}
