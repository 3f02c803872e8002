/*
 * fuzz_cgi.c - libFuzzer target for gazette.cgi's request parsing and the
 * page built from it (`make fuzz`).  Any query string is either refused
 * with a valid-UTF-8 reason or parsed into parameters that are valid UTF-8
 * and that the start page and every link rebuild without failing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "render_html.h"
#include "utf8.h"

/* libFuzzer calls this once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *qs = malloc(size + 1);
    if (!qs)
        return 0;
    memcpy(qs, data, size);
    qs[size] = '\0';
    gz_cgi_request r;
    char err[512];
    int status = gz_cgi_parse(size % 3 ? "GET" : "HEAD", qs, &r, err, sizeof err);
    if (status) {
        if (gz_utf8_invalid_at(err, strlen(err)) >= 0)
            abort();
    } else {
        if (gz_utf8_invalid_at(r.q, strlen(r.q)) >= 0)
            abort();
        gz_strbuf page = GZ_STRBUF_INIT, url = GZ_STRBUF_INIT;
        if (gz_render_page(&page, "/gazette.cgi", &r, NULL, NULL, NULL) != 0 ||
            gz_cgi_url(&url, "/gazette.cgi", &r, GZ_URL_SET, "page", "2") != 0 ||
            gz_utf8_invalid_at(page.buf, page.len) >= 0)
            abort();
        gz_strbuf_release(&page);
        gz_strbuf_release(&url);
    }
    gz_cgi_release(&r);
    free(qs);
    return 0;
}
