/*
 * shingles.h - what makes two articles copies of one story: the sets of
 * their five-word runs ("shingles"), compared by Jaccard similarity, and a
 * MinHash signature of that set, which two articles with a Jaccard
 * similarity J share each part of with probability J: stored as terms
 * (schema.h, XM), they let Xapian find an article's likely copies among
 * millions with eight posting-list reads.
 *
 * Words are the analyzer's folded, unstemmed words of the headline and the
 * body, numbers included: "trading at 6-3/16 pct" and "trading at 6-3/8
 * pct" differ.
 */
#ifndef GZ_SHINGLES_H
#define GZ_SHINGLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "status.h"

#define GZ_SHINGLE_WORDS 5
#define GZ_MINHASHES 6

typedef struct gz_shingles {
    uint64_t *hashes;           /* of each shingle (sorted, unique once compared) */
    size_t n, cap;
    uint64_t *numbers;          /* of each number word (likewise) */
    size_t nnumbers, numbers_cap;
    uint64_t window[GZ_SHINGLE_WORDS];
    size_t words;               /* words seen */
    char previous[10];          /* the last word, when it is short enough to be a month */
    size_t previous_len;
    int sorted;
    int has_signature;          /* 0: under five words, no copies to find */
    uint32_t signature[GZ_MINHASHES];
} gz_shingles;

void gz_shingles_reset(gz_shingles *s);
/* Adds the next word (folded); GZ_ERR_NOMEM when memory ran out. */
gz_status gz_shingles_add(gz_shingles *s, const char *word, size_t len, int is_number);
/* Computes the MinHash signature: call once after the last word.  It is
 * one-permutation MinHash: each shingle's hash picks one of GZ_MINHASHES
 * bins and the smallest hash of each bin is kept (an empty bin borrows its
 * next non-empty neighbour's), so that two sets agree in each part with
 * probability close to their Jaccard similarity, at one hash per shingle. */
void gz_shingles_finish(gz_shingles *s);
void gz_shingles_release(gz_shingles *s);

/* |A and B| / |A or B| of two finished sets (0 when both are empty); sorts
 * both the first time. */
double gz_shingles_jaccard(gz_shingles *a, gz_shingles *b);
/* Whether both name the same numbers (a day after a month's name, "March
 * 24", is a date, not one of the numbers). */
bool gz_shingles_same_numbers(gz_shingles *a, gz_shingles *b);

#endif
