/*
 * article.h - one news article as the corpus readers produce it and the
 * indexer consumes it.
 *
 * All strings are malloc'd, valid UTF-8, owned by the article and released
 * by gz_article_clear().  `file` is borrowed from the reader that made it.
 */
#ifndef GZ_ARTICLE_H
#define GZ_ARTICLE_H

#include "status.h"

/* Bytes of body text an article may have (docs/design/limits.md): past it the
 * body is cut, with a warning.  A wire story is 1-20 KB; this leaves room
 * for long reports while keeping what one article costs to index and to
 * search bounded. */
#define GZ_ARTICLE_MAX_BYTES (1024 * 1024)
/* Bytes of an article's id (Xapian terms hold at most 245 bytes). */
#define GZ_ID_MAX_BYTES 200

typedef struct gz_article {
    char *id;           /* unique id; derived from the content when absent */
    char date[11];      /* YYYY-MM-DD, or "" when the article has none */
    char *title;        /* never NULL after gz_article_finish() */
    int title_derived;  /* title was cut from the body, not given */
    char *body;         /* never NULL after gz_article_finish() */
    char *url;          /* may be NULL */
    char *source;       /* may be NULL */
    const char *file;   /* where it came from, for messages */
    long line;          /* first line of the record in that file */
    unsigned long seq;  /* its place in the run's input (-j: stories in input order) */
} gz_article;

void gz_article_clear(gz_article *a);
/* Moves *from into *to (which must be clear); *from is left clear. */
void gz_article_move(gz_article *to, gz_article *from);
/* Completes an article a reader has filled: derives the title from the body
 * when none was given and the id from the content when none was given.
 * GZ_ERR_NOMEM when memory ran out. */
gz_status gz_article_finish(gz_article *a);
/* Derives a headline from the body's first sentence (malloc'd). */
char *gz_article_headline_from(const char *body);

#endif
