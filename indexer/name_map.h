/*
 * name_map.h - one name per person across the archive.
 *
 * The extractor sees one article at a time: within it, "Reagan said" after
 * "Ronald Reagan" is already one person.  Across articles it cannot know
 * that the "Reagan" of one is the "Ronald Reagan" of another, that "Hisham
 * Nazir" is a misspelt "Hisham Nazer", or that the "Merrill Lynch" a
 * headline quotes is the firm other articles call "Merrill Lynch and Co".
 * The archive knows: the name map says, for each name as articles write
 * it, the name the archive shows ("" when it is not a person), decided
 * from the number of articles that write each name (gz_name_map_decide).
 * The index keeps the names as written, so a later run can decide again
 * (indexer/settle_names.c).
 */
#ifndef GZ_NAME_MAP_H
#define GZ_NAME_MAP_H

#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "entities.h"
#include "gazetteer.h"
#include "gz_xapian.h"
#include "names.h"
#include "strbuf.h"
#include "strmap.h"

typedef struct gz_name_map {
    gz_strmap shown;    /* as written -> malloc'd name shown ("" = none) */
} gz_name_map;

/* The archive's votes for one name as written. */
typedef struct gz_name_votes {
    const char *name;           /* as written */
    unsigned long articles;     /* articles that write it so, as a person */
    unsigned long as_company;   /* articles that name a company with its key */
} gz_name_votes;

/* The name shown for a name as written: the map's entry, else itself ("" for
 * a candidate, GZ_NAME_CANDIDATE). */
const char *gz_name_map_get(const gz_name_map *m, const char *written);
/* The names shown for an article's names as written (shown is emptied
 * first): mapped, without repeats, in the article's order.  GZ_ERR_NOMEM when
 * memory ran out. */
gz_status gz_name_map_apply(const gz_name_map *m, const gz_entity_list *written, gz_entity_list *shown);
/* Decides the map from the whole archive's votes (names in any order):
 *   - names that fold to the same key are one, shown in their commonest
 *     spelling ("Willy de Clercq" 9 articles, "Willy De Clercq" 7; a tie:
 *     the one with fewer capitals, "Airbus" over "AIRBUS");
 *   - a surname whose last letters differ by one edit, after the same
 *     given names, is the commoner name when that is at least three
 *     times as common ("George Schultz" 4 -> "George Shultz" 44);
 *   - a name used alone is the full name with that last word when the
 *     archive has one, and other full names with it are rarer than a
 *     tenth of it: "Reagan" is Ronald Reagan (22 articles; Nancy Reagan 1,
 *     Michael Reagan 1); "Baker" stays Baker (James Baker 173, Howard
 *     Baker 20: ambiguous); a given name alone ("Paul", of "Trade
 *     Secretary Paul Channon") is no one's surname;
 *   - a name the archive gives as a company in at least half as many
 *     articles as it gives it as a person (and two or more) is not a
 *     person ("Merrill Lynch"), unless it is the surname of people the
 *     archive names in full ("Baker", of James Baker, stays although
 *     Baker International is a company).
 *   - a headline's word written with GZ_NAME_CANDIDATE before it ("~Reagan",
 *     entities.h: headline_names) is the full name with that last word, by
 *     the rule above with at least CANDIDATE_MIN_ARTICLES articles behind
 *     the full name, when no company bears it; else no one (shown "").  It
 *     takes no part in deciding names the articles write as people.
 * keyer: an analyzer of language "none" (gz_entity_key); g: the gazetteer
 * that knows given names (may be NULL).  out must be empty.  GZ_ERR_NOMEM when memory ran out. */
gz_status gz_name_map_decide(gz_analyzer *keyer, const gz_gazetteer *g, const gz_name_votes *votes,
                       size_t n, gz_name_map *out);

/* The map as "written TAB shown" lines in byte order, into out (reset),
 * and back; parse returns GZ_ERR_NOMEM when memory ran out, GZ_ERR_CORRUPT when a
 * line has no TAB. */
gz_status gz_name_map_format(const gz_name_map *m, gz_strbuf *out);
gz_status gz_name_map_parse(gz_name_map *m, const char *text);
void gz_name_map_release(gz_name_map *m);

#endif
