/*
 * compaction.h - an index left compact after a run, and the directory
 * work around it.
 *
 * Xapian's B-trees are written fastest with their blocks part-filled: an
 * index built article by article is 1.5 to 1.8 times the size of the same
 * index compacted (docs/indexing.md, "Threads (`-j`) and compaction"), and larger indexes
 * search slower.  A run that wrote most of an index ends by compacting it
 * (xapian-compact's work, through the binding) into "<db>.gazette-tmp/",
 * then exchanges the two directories in one rename: readers and a kill
 * see the old index or the new one, never neither.  The writer's lock is
 * held throughout, so no other run writes in between.
 */
#ifndef GZ_COMPACTION_H
#define GZ_COMPACTION_H

#include <sys/types.h>

#include "gz_xapian.h"
#include "status.h"

typedef struct gz_compaction {
    int done;               /* the index was compacted by this run */
    off_t before, after;    /* bytes on disk (before: the index or the shards) */
} gz_compaction;

/* "<db>.gazette-tmp": the run's scratch directory beside the index. */
int gz_scratch_path(const char *db, char *out, size_t outlen);
/* If a run died between the two renames of a file system that cannot
 * exchange directories (db is missing, its old index in the scratch
 * directory), puts the old index back; before db is opened. */
gz_status gz_restore_swapped(const char *db);
/* Removes the scratch directory (what a killed run left: -j's shards, a
 * compaction's copy), once the index's lock is held. */
gz_status gz_clear_scratch(const char *db);
/* rm -r path; GZ_OK also when absent. */
gz_status gz_remove_tree(const char *path);
/* Bytes of the files under path; -1 when it cannot be read. */
off_t gz_tree_bytes(const char *path);
/* Puts the index at fresh in db's place; the old one ends at old (removed
 * by the caller once its writer is closed). */
gz_status gz_swap_in(const char *db, const char *fresh, const char *old, char *err, size_t errlen);
/* One compaction of several: its sources into dest (a fresh directory). */
typedef struct gz_compaction_job {
    const char *const *srcs;
    size_t nsrcs;
    const char *dest;
    gz_status st;                   /* out */
    char error[GZ_XAP_ERRMAX];      /* out, when st is not GZ_OK */
} gz_compaction_job;

/* Runs the jobs, up to `threads` at once: each is one single-threaded
 * Xapian pass, so a cluster's shards are built side by side.  Returns the
 * first failure's status (each job keeps its own). */
gz_status gz_compact_jobs(gz_compaction_job *jobs, size_t n, unsigned threads);
/* Compacts the committed state of each local index in dbs (an index, or a
 * cluster's shards; their writers may be open, and should be, for their
 * locks), up to `threads` at once, and swaps each result in: each old
 * index is left in its scratch directory for gz_clear_scratch.  Fills *c
 * with the totals. */
gz_status gz_compact_in_place(const char *const *dbs, size_t n, unsigned threads,
                              gz_compaction *c, char *err, size_t errlen);

#endif
