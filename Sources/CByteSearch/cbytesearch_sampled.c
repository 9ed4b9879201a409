#include "cbytesearch_set.h"
#include <stdlib.h>
#include <string.h>

// Long phrases with nothing in common, such as the gate's catalogue
// (`no pg_hba.conf entry for replication connection`, `contains errors`,
// ... at least 15 bytes each), are found by sampling the text: with the
// shortest phrase m bytes long, every occurrence of any phrase holds, at
// one of its first m - 3 offsets, a text position that is a multiple of
// m - 3. The four bytes there are looked up in a bit table of the
// phrases' pieces; only where one may match are the phrases compared.
// That reads a four-byte word every 12 bytes for the catalogue, where
// Wu-Manber, on text of common English pairs, shifted a few bytes at a time.

// Below this shortest length the stride gets short and Wu-Manber does as well.
enum { shortest_sampled = 8, gram = 4, widest_stride = 64 };

static unsigned gram_hash(const uint8_t *p) {
    uint32_t word;
    memcpy(&word, p, sizeof word);
    return (word * 0x9E3779B1u) >> 16;
}

int cbytesearch_sampled_setup(struct cbytesearch_set *set) {
    set->sampled = 0;
    if (set->shortest < shortest_sampled || set->count > (1u << 24)) return 1;
    size_t stride = set->shortest - gram + 1;
    // Offsets within the window fit one 64-bit mask (see the search).
    if (stride > widest_stride) stride = widest_stride;
    size_t pieces = set->count * stride;
    set->gram_items = calloc(pieces, sizeof *set->gram_items);
    unsigned *keys = calloc(pieces, sizeof *keys);
    uint32_t *next = calloc((size_t)1 << 16, sizeof *next);
    if (!set->gram_items || !keys || !next) {
        free(keys);
        free(next);
        return 0;
    }
    memset(set->gram_start, 0, sizeof set->gram_start);
    memset(set->gram_bits, 0, sizeof set->gram_bits);
    for (size_t i = 0; i < set->count; i++) {
        for (size_t o = 0; o < stride; o++) {
            unsigned h = gram_hash(set->phrases[i] + o);
            keys[i * stride + o] = h;
            set->gram_start[h + 1]++;
            set->gram_bits[h >> 6] |= (uint64_t)1 << (h & 63);
        }
    }
    for (size_t b = 0; b < (1 << 16); b++) set->gram_start[b + 1] += set->gram_start[b];
    memcpy(next, set->gram_start, sizeof *next << 16);
    for (size_t k = 0; k < pieces; k++) {
        set->gram_items[next[keys[k]]++] = (uint32_t)((k / stride) << 8 | (k % stride));
    }
    free(keys);
    free(next);
    set->stride = stride;
    set->sampled = 1;
    return 1;
}

size_t cbytesearch_sampled_find(const struct cbytesearch_set *set, const uint8_t *text, size_t length,
                                size_t *offsets, size_t capacity) {
    size_t found = 0;
    size_t stride = set->stride;
    for (size_t x = 0; x + gram <= length; x += stride) {
        unsigned h = gram_hash(text + x);
        if (!((set->gram_bits[h >> 6] >> (h & 63)) & 1)) continue;
        // The phrases found through position x start in the window
        // x - stride + 1 .. x, and through the next sample in the next
        // window: marked in a mask, they come out ascending, each once.
        uint64_t starts = 0;
        size_t window = x + 1 - stride;  // may wrap below 0; only differences are used
        for (uint32_t k = set->gram_start[h]; k < set->gram_start[h + 1]; k++) {
            uint32_t i = set->gram_items[k] >> 8, o = set->gram_items[k] & 0xFF;
            if (o > x) continue;
            size_t start = x - o, n = set->lengths[i];
            if (n > length - start || starts >> (start - window) & 1) continue;
            if (memcmp(text + start, set->phrases[i], n) == 0) starts |= (uint64_t)1 << (start - window);
        }
        while (starts) {
            // Counted even past `capacity`, so the caller can retry with room.
            if (found < capacity) offsets[found] = window + (size_t)__builtin_ctzll(starts);
            found++;
            starts &= starts - 1;
        }
    }
    return found;
}
