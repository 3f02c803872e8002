/*
 * facet_side.h - the searcher as the facet thread sees it: the facet and
 * query environments (facets.h, query.h) that a recount needs, answering
 * from the thread's own reader, its own analyzers and country names, and
 * the searcher's gazetteer and name map, loaded before the thread starts
 * and only read while it runs.  The searcher's own thread ranks and makes
 * snippets meanwhile with its reader and analyzers; nothing here touches
 * them (facet_plan.h's gz_facet_side).
 */
#ifndef GZ_FACET_SIDE_H
#define GZ_FACET_SIDE_H

#include <jansson.h>

#include "analyzer.h"
#include "facets.h"
#include "gazetteer.h"
#include "glue.h"
#include "gz_xapian.h"
#include "person_keys.h"
#include "query.h"

typedef struct gz_facet_side_state {
    gz_xap_reader *reader;              /* the thread's; not owned */
    gz_analyzer *analyzer, *folder;     /* owned, made on first use */
    json_t *labels;                     /* country code -> name (null: none) */
    const gz_gazetteer *gazetteer;      /* the searcher's, or NULL */
    const gz_person_keys *people;       /* the searcher's name map (empty: none) */
} gz_facet_side_state;

/* Fills fenv and qenv for the thread on reader, always the facet thread's
 * (its names stay remembered until gz_facet_side_changed); analyzers of
 * language, with glue, made once; gazetteer and people as the searcher
 * loaded them.
 * 0 on success, -1 when memory ran out. */
int gz_facet_side_ready(gz_facet_side_state *side, gz_xap_reader *reader, const char *language,
                        const gz_glue *glue, int any, gz_facet_env *fenv, gz_query_env *qenv);
/* After the index moved to a newer commit: names looked up are forgotten. */
void gz_facet_side_changed(gz_facet_side_state *side);
void gz_facet_side_release(gz_facet_side_state *side);

/* A country code's name as the index's metadata has it, remembered in
 * *labels (NULL: no name); shared with the searcher's own lookups. */
const char *gz_country_label_lookup(json_t **labels, gz_xap_reader *reader, const char *code);

#endif
