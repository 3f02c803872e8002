/*
 * progress.h - the progress line gazette-index keeps on a terminal's stderr:
 * articles, megabytes, articles per second and, when the input size is
 * known, an ETA.  Silent when stderr is not a terminal or when disabled.
 */
#ifndef GZ_PROGRESS_H
#define GZ_PROGRESS_H

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

#endif
