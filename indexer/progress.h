/*
 * progress.h - the progress line gazette-index keeps on a terminal's stderr:
 * articles, megabytes, articles per second and, when the input size is
 * known, an ETA.  Silent when stderr is not a terminal or when disabled.
 * And where a run's time went, phase by phase (-v): what -j spreads over
 * threads and what stays on one.
 */
#ifndef GZ_PROGRESS_H
#define GZ_PROGRESS_H

#include <stdio.h>
#include <sys/types.h>

typedef struct gz_progress {
    int enabled;
    int shown;              /* a line is on screen and must be cleared */
    double started, last;   /* seconds, monotonic */
    off_t total_bytes;      /* -1 when unknown (stdin, pipes) */
} gz_progress;

void gz_progress_init(gz_progress *p, int enabled, off_t total_bytes);
/* Redraws at most a few times a second. */
void gz_progress_update(gz_progress *p, unsigned long articles, off_t bytes);
/* Erases the line so that a message can be printed. */
void gz_progress_clear(gz_progress *p);
double gz_progress_elapsed(const gz_progress *p);
double gz_now(void);

/* Seconds of wall time by phase.  With -j, "index" is the busiest
 * thread's time inside its shard (threads_total: all threads'); the rest
 * runs on one thread. */
typedef struct gz_phases {
    double parse;           /* inside the readers: reading, decompressing, parsing */
    double index;           /* analysing and writing articles, batch commits */
    double threads_total;   /* -j: every thread's indexing time, summed */
    double feed_wait;       /* -j: the reader waiting for a thread's full queue */
    double drain;           /* -j: after the input ended, until the threads were done */
    double names;           /* settling one name per person across the archive */
    double stories;         /* -j: finding the stories in input order */
    double merge;           /* -j: shards into the index (compaction or copying) */
    double compact;         /* compacting the index after the run */
    double finish;          /* the last commit and closing */
    unsigned threads;
} gz_phases;

/* One line: each phase, the total and the share that ran on one thread. */
void gz_phases_print(FILE *to, const gz_phases *ph, double total);

#endif
