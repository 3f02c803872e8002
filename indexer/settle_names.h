/*
 * settle_names.h - at the end of an indexing run, the archive's name map
 * (name_map.h) is decided again from what all its articles write: the
 * names as written (XW terms, with the number of articles holding each)
 * and the companies named (XK).  The articles whose names now show
 * otherwise are revised from their names as written (slot 5): the data's
 * "people", slots 2 and 4, and the XP terms.  Only those articles are
 * read and written, and the caller commits them with the new map, so the
 * index never shows a map its articles do not follow.
 */
#ifndef GZ_SETTLE_NAMES_H
#define GZ_SETTLE_NAMES_H

#include "analyzer.h"
#include "gz_xapian.h"
#include "name_map.h"

typedef struct gz_settle_stats {
    size_t names;           /* names as written, archive-wide */
    size_t mapped;          /* of them, shown otherwise */
    unsigned long revised;  /* articles rewritten */
    int changed;            /* the map or an article changed: commit */
} gz_settle_stats;

/* Settles the names of an archive held in one index or in several
 * shards (the -j shards before they are compacted: revising them there
 * costs nothing, where revising a compacted index splits its full
 * blocks), the shards revised on up to `threads` threads at once.  *map:
 * in, the map the articles follow; out, the new one (also stored as
 * metadata in each shard, uncommitted).  keyer: an analyzer of language
 * "none"; g: the gazetteer (given names).  On failure err says why and
 * *map is unchanged. */
gz_status gz_settle_names(gz_xap_writer *const *shards, size_t nshards, unsigned threads,
                          gz_analyzer *keyer, const gz_gazetteer *g, gz_name_map *map,
                          gz_settle_stats *stats, char *err, size_t errlen);

#endif
