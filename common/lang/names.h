/*
 * names.h - the key under which every spelling of a person's or an
 * organisation's name is one entity: the extractor files names under it at
 * index time, person: and org: look them up with it.
 */
#ifndef GZ_NAMES_H
#define GZ_NAMES_H

#include <stddef.h>

#include "analyzer.h"

/* The key that merges spellings of a name: its folded letters and digits,
 * no spaces or hyphens ("Kim Song-nam" -> "kimsongnam"); a: an analyzer of
 * language "none".  Returns its length, 0 when nothing is left or it does
 * not fit. */
size_t gz_entity_key(gz_analyzer *a, const char *name, char *buf, size_t cap);

/* Marks a name that only a headline's word gave ("~Reagan" of "REAGAN CUTS
 * SHORT DALLAS TRIP"): the archive decides whose surname it is
 * (indexer/name_map.h), no one's by default.  The mark stays in its key
 * ("~reagan"), so its person term never answers for a name written as a
 * person: a person: filter reaches it only through the name map. */
#define GZ_NAME_CANDIDATE '~'

#endif
