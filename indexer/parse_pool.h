/*
 * parse_pool.h - JSON Lines decoded on several threads for -j, so that
 * one reader does not cap how many indexing threads can be kept busy.
 *
 * The main thread reads lines into batches; the pool's threads decode
 * them into articles; the main thread takes the batches back in input
 * order and hands their articles on.  Articles therefore reach the
 * indexing threads, and get their place in the input, exactly as they
 * would from one reader, and the dump of the index does not change.
 * What a decoder reports is kept with its batch and reported when the
 * batch is taken back: messages come in input order too.
 */
#ifndef GZ_PARSE_POOL_H
#define GZ_PARSE_POOL_H

#include <signal.h>

#include "article.h"
#include "reader.h"
#include "status.h"

typedef struct gz_parse_pool gz_parse_pool;

/* Takes one decoded article (*a to be left clear); a failure stops the
 * reading and is returned by gz_parse_pool_read. */
typedef gz_status (*gz_parse_take_fn)(void *ctx, gz_article *a);

/* nthreads decoders, each keeping at most max_body bytes of a body (as
 * gz_reader_set_max_body); reports go to diag.  NULL when out of memory
 * or when no thread could be started (then read the usual way). */
gz_parse_pool *gz_parse_pool_start(unsigned nthreads, size_t max_body, gz_diag_fn diag,
                                   void *diag_ctx);
/* Reads r (gz_reader_by_line) to its end or until *stop, handing each
 * article to take in input order.  file names the articles (borrowed: it
 * must outlive them).  GZ_DONE at the end; GZ_OK when stopped; GZ_ERR_IO
 * (reported by r), GZ_ERR_NOMEM, or take's failure.  What the decoders
 * counted is added to *counts. */
gz_status gz_parse_pool_read(gz_parse_pool *p, gz_reader *r, const char *file,
                             gz_parse_take_fn take, void *take_ctx,
                             volatile sig_atomic_t *stop, gz_reader_counts *counts);
/* Seconds the main thread waited for a batch to be decoded. */
double gz_parse_pool_waited(const gz_parse_pool *p);
void gz_parse_pool_stop(gz_parse_pool *p);

#endif
