/*
 * facet_plan.h - where and how a search counts its facets
 * (docs/design/facets.md): in the ranking pass when the match set cannot be
 * larger than the sample; otherwise apart, over every match (up to five
 * samples' worth) or over one sample level, in a thread beside the ranking
 * pass with its own reader.
 *
 * The searcher owns one gz_facet_source (its reader, the index path for a
 * second reader, cached facts about the index) and, per search, a
 * gz_facet_plan: start it before the ranking pass, attach the spies it
 * names to that pass, finish it after.  A sampled count is also recounted
 * in the thread (facet_recount.h) when the searcher lends it a side of its
 * own, so that the recount runs beside the ranking pass, not after it.
 */
#ifndef GZ_FACET_PLAN_H
#define GZ_FACET_PLAN_H

#include <pthread.h>

#include "facet_types.h"
#include "facets.h"
#include "query.h"

typedef struct gz_facet_source {
    gz_xap_reader *reader;          /* the searcher's reader (not owned) */
    const char *path;               /* the index, for the thread's own reader */
    gz_facet_env env;
    gz_xap_reader *thread_reader;   /* opened on first use; owned */
    gz_xap_reader *recount_reader;  /* the thread's second, for a split recount;
                                       opened and used by the thread alone */
    int sample_checked;             /* is every article on sample level 0? */
    int sample_complete;
} gz_facet_source;

/* After the index moved to a newer commit (new articles may lack levels). */
void gz_facet_source_changed(gz_facet_source *src);
/* Moves the thread's reader too; GZ_OK or its failure (message on it). */
gz_status gz_facet_source_refresh(gz_facet_source *src, const char **why);
void gz_facet_source_release(gz_facet_source *src);
/* The second reader, for work on a thread beside the searcher's own:
 * opened on first use; NULL when it cannot be (then work on one). */
gz_xap_reader *gz_facet_source_thread_reader(gz_facet_source *src);

/* The third reader, for the second half of a recount run on the thread:
 * opened on first use; NULL when it cannot be. */
gz_xap_reader *gz_facet_source_recount_reader(gz_facet_source *src);

/* What the facet thread needs to recount on its own while the ranking pass
 * runs: the environments of gz_facet_recount, answering from the reader
 * given and from what the searcher loaded before the thread starts, never
 * from state the searcher's own thread touches meanwhile. */
typedef struct gz_facet_side {
    /* Readies fenv and qenv for work on reader alone; 0 on success, else
     * the recount is left to the searcher's thread after the ranking. */
    int (*prepare)(void *ctx, gz_xap_reader *reader, gz_facet_env *fenv, gz_query_env *qenv);
    void *ctx;
    int days;                       /* the month facet counts days */
} gz_facet_side;

/* A facet count apart from the ranking pass. */
struct gz_facet_job {
    gz_xap_reader *reader;
    const gz_xap_query *q;
    unsigned long docs, want;
    unsigned long most;             /* Xapian's upper bound on the matches */
    unsigned level;                 /* out: the sample level counted (0: all) */
    gz_xap_results *xr;             /* out */
    gz_status st;                   /* out */
    /* The recount on the thread (recount set: side prepared), of a sample */
    int recount;
    gz_facet_env fenv;
    gz_query_env qenv;
    gz_facet_source *src;           /* its recount reader: the split's other half */
    unsigned limit;
    gz_facet_list lists[GZ_NFACETS];    /* out, when recounted */
    int recounted, exact;               /* out */
};

typedef struct gz_facet_plan {
    int wanted;                     /* facets asked for */
    int in_ranking;                 /* counted by the ranking pass's own spies
                                       (gz_facet_spies(o, bounded)), checking
                                       every match */
    int bounded;                    /* at most the sample counted: the combined slot */
    struct gz_facet_job job;        /* otherwise: counted apart */
    gz_xap_query *job_query;
    pthread_t thread;
    int threaded;
} gz_facet_plan;

/* Decides for the search of q (docs: the index's size); starts the thread
 * when the count is apart, recounting a sample there too when side is not
 * NULL and its prepare succeeds. */
void gz_facet_plan_start(gz_facet_plan *p, gz_facet_source *src, const gz_facet_request *req,
                         const gz_xap_query *q, unsigned long docs, const gz_facet_side *side);
/* Waits for (or runs) the count and fills *out (the lists, and the
 * articles matching when they were counted apart; out->recounted when the
 * thread recounted them); st: how the ranking pass went (its results:
 * ranked).  Releases what the plan holds, whatever the outcome. */
gz_status gz_facet_plan_finish(gz_facet_plan *p, const gz_facet_env *env,
                               const gz_facet_request *req, gz_xap_results *ranked, gz_status st,
                               gz_facet_counts *out, char *err, size_t errlen);

#endif
