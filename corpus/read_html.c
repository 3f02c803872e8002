/*
 * read_html.c - a saved web page (.html, .htm; gzip'd or not): one
 * article, read by html.h.  Its id is the page's canonical URL (so a page
 * saved again replaces itself), else one made from its content.  A page
 * that is not an article (an index of links, an error page) is reported
 * and passed over.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "html.h"
#include "reader_int.h"

/* Bytes of one page read; past it the page is reported and passed over. */
#define MAX_PAGE_BYTES ((size_t)32 << 20)

struct html_state {
    int done;
};

/* A URL as an id: itself when it fits, else "u" and its hash. */
gz_status gz_html_id_of_url(const char *url, char **id)
{
    if (strlen(url) <= GZ_ID_MAX_BYTES) {
        *id = strdup(url);
    } else {
        char buf[24];
        snprintf(buf, sizeof buf, "u%016llx",
                 (unsigned long long)gz_hash64(url, strlen(url), GZ_HASH_SEED));
        *id = strdup(buf);
    }
    return *id ? GZ_OK : GZ_ERR_NOMEM;
}

/* Moves what the page gave into the article (cleaned to valid UTF-8). */
gz_status gz_html_page_to_article(gz_html_page *p, gz_article *a)
{
    snprintf(a->date, sizeof a->date, "%s", p->date);
    a->title = p->title && *p->title ? p->title : NULL;
    if (a->title != p->title)
        free(p->title);
    a->body = p->body ? gz_reader_clean_dup(p->body, strlen(p->body)) : NULL;
    free(p->body);
    a->url = p->url;
    a->source = p->source;
    memset(p, 0, sizeof *p);
    return a->url ? gz_html_id_of_url(a->url, &a->id) : GZ_OK;
}

static int html_next(gz_reader *r, gz_article *a)
{
    struct html_state *s = r->state;
    if (s->done)
        return 0;
    s->done = 1;
    gz_strbuf page = GZ_STRBUF_INIT;
    int too_big = 0;
    gz_status st = gz_reader_slurp(r, &page, MAX_PAGE_BYTES, &too_big);
    if (st == GZ_ERR_IO) {
        gz_strbuf_release(&page);
        return gz_reader_input_failed(r);
    }
    if (st != GZ_OK || too_big) {
        gz_strbuf_release(&page);
        if (st != GZ_OK)
            return -1;
        gz_reader_skip(r, 0, "a page of more than %zu MB: passed over", MAX_PAGE_BYTES >> 20);
        return 0;
    }
    gz_html_page p;
    char err[256];
    st = gz_html_read_page(page.buf ? page.buf : "", page.len, NULL, NULL, &p, err, sizeof err);
    gz_strbuf_release(&page);
    if (st == GZ_ERR_NOMEM)
        return -1;
    if (st != GZ_OK) {
        gz_reader_skip(r, 0, "%s: passed over", err);
        return 0;
    }
    if (p.not_article) {
        gz_reader_skip(r, 0, "not an article (%s): passed over", p.not_article);
        gz_html_page_release(&p);
        return 0;
    }
    a->line = 1;
    if (gz_html_page_to_article(&p, a) != GZ_OK)
        return -1;
    return gz_reader_finish(r, a);
}

const gz_format_reader gz_html_reader = {sizeof(struct html_state), html_next, NULL};
