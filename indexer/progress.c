/*
 * progress.c - the terminal progress line (progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_EVERY 0.25

double gz_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void gz_progress_init(gz_progress *p, int enabled, off_t total_bytes)
{
    p->enabled = enabled && isatty(STDERR_FILENO);
    p->shown = 0;
    p->started = p->last = gz_now();
    p->total_bytes = total_bytes;
}

void gz_progress_update(gz_progress *p, unsigned long articles, off_t bytes)
{
    if (!p->enabled)
        return;
    double now = gz_now();
    if (now - p->last < REDRAW_EVERY)
        return;
    p->last = now;
    double secs = now - p->started;
    double rate = secs > 0 ? (double)articles / secs : 0;
    fprintf(stderr, "\r\033[K%lu articles  %.1f MB  %.0f articles/s", articles,
            (double)bytes / 1e6, rate);
    if (p->total_bytes > 0 && bytes > 0 && bytes <= p->total_bytes) {
        double eta = secs * (double)(p->total_bytes - bytes) / (double)bytes;
        fprintf(stderr, "  %.0f%%  ETA %d:%02d", 100.0 * (double)bytes / (double)p->total_bytes,
                (int)eta / 60, (int)eta % 60);
    }
    fflush(stderr);
    p->shown = 1;
}

void gz_progress_clear(gz_progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = 0;
    }
}

double gz_progress_elapsed(const gz_progress *p)
{
    return gz_now() - p->started;
}

void gz_phases_print(FILE *to, const gz_phases *ph, double total)
{
    /* what one thread does whatever -j: the reading and what follows the
     * threads (Amdahl's serial part) */
    double serial = ph->threads > 1 ? ph->parse + ph->names + ph->stories + ph->merge +
                                      ph->compact + ph->finish
                                    : total;
    fprintf(to, "gazette-index: time by phase (s): parse %.2f, index %.2f", ph->parse, ph->index);
    if (ph->threads > 1)
        fprintf(to, " (busiest of %u threads; all %.2f), reader waiting %.2f, threads finishing "
                "%.2f", ph->threads, ph->threads_total, ph->feed_wait, ph->drain);
    fprintf(to, ", names %.2f", ph->names);
    if (ph->threads > 1)
        fprintf(to, ", stories %.2f, merge %.2f", ph->stories, ph->merge);
    fprintf(to, ", compact %.2f, commit %.2f; total %.2f; serial %.2f (%.0f%%)\n",
            ph->compact, ph->finish, total, serial, total > 0 ? 100 * serial / total : 0.0);
}
