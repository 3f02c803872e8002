/*
 * entities.h - finds the countries, people and organisations an article is
 * about, from its title and text, with the gazetteer and a few heuristics:
 *
 *   countries  names, short forms, demonyms, cities and states from the
 *              gazetteer, weighted by where they stand (dateline and title
 *              count most, then the lead, then each further mention);
 *   people     capitalised names after a role word ("Finance Minister
 *              Kiichi Miyazawa", "governor Satoshi Sumita", "Mr Kim"), or
 *              starting with a known given name ("Carl Icahn") or with an
 *              East Asian family name ("Kim Song-nam", "Wang Huning");
 *              later surname-only mentions ("Mr Kim", "Baker said") count
 *              for the full name; spellings that fold to the same letters
 *              ("Kim Song Nam", "Kim Songnam") are one person;
 *   orgs       gazetteer organisations (long forms and acronyms), runs of
 *              capitalised words ending in an institution word ("Chinese
 *              Communist Party"), and acronyms a text introduces
 *              ("Korean Central News Agency (KCNA)").
 *
 * A line of its own is a heading, not a name.  One extractor per thread.
 */
#ifndef GZ_ENTITIES_H
#define GZ_ENTITIES_H

#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "gazetteer.h"
#include "names.h"

typedef struct gz_entity_list {
    char **items;    /* malloc'd strings, most salient first */
    size_t n, cap;
} gz_entity_list;

/* Adds a copy of s unless the list holds it; GZ_ERR_NOMEM out of memory. */
gz_status gz_entity_list_add(gz_entity_list *l, const char *s);
void gz_entity_list_release(gz_entity_list *l);

typedef struct gz_entities {
    gz_entity_list countries;  /* ISO codes */
    gz_entity_list people;     /* display names, as this article writes them */
    gz_entity_list orgs;       /* display names */
    gz_entity_list companies;  /* firms it names ("Merrill Lynch" of "Merrill
                                * Lynch and Co"), company words left off */
    gz_entity_list headline_names; /* words of a headline with no body that may
                                * be surnames ("REAGAN CUTS SHORT DALLAS TRIP":
                                * "Reagan"): only the archive can say whose
                                * (name_map.h), so they are not people here */
} gz_entities;

typedef struct gz_extractor gz_extractor;

/* The gazetteer must outlive the extractor. */
gz_extractor *gz_extractor_new(const gz_gazetteer *g);
void gz_extractor_free(gz_extractor *x);

/* Fills *out (released first); GZ_ERR_NOMEM when memory ran out. */
gz_status gz_extract(gz_extractor *x, const char *title, const char *body, gz_entities *out);

/* The same, from tokens the caller's own analyzer run gives (the indexer
 * tokenizes an article once, for its terms and its entities): begin, feed
 * each token of the title (field 0) then of the body (field 1), as
 * gz_analyzer_run gives them over exactly these strings, then end. */
void gz_extract_begin(gz_extractor *x, const char *title, const char *body);
void gz_extract_feed(gz_extractor *x, int field, const gz_token *t);
gz_status gz_extract_end(gz_extractor *x, gz_entities *out);
void gz_entities_release(gz_entities *e);

#endif
