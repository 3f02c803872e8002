/*
 * fuzz_query.c - libFuzzer target for the query parser and the snippets it
 * drives (`make fuzz`).  Any text must parse (or be searched as words) with
 * a valid-UTF-8 notice, or be refused as a wrong field value; a snippet of
 * a fixed article must mark only within its text.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../query_stub.h"
#include "query.h"
#include "snippet.h"
#include "utf8.h"

static const char article[] =
    "PYONGYANG, March 21 - Kim Song-nam, head of the International Department of the "
    "Workers' Party of Korea, led a delegation to Laos and Vietnam.  The ASEAN Regional "
    "Forum met in Vientiane; Wang Huning spoke of the Laos-China railway's third year.";

static unsigned long df(void *ctx, const char *term)
{
    (void)ctx;
    return strlen(term) % 3;     /* some words known, joined forms sometimes */
}

/* libFuzzer calls this once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static gz_analyzer *analyzer, *folder;
    if (!analyzer && (gz_analyzer_new("english", &analyzer) != GZ_OK ||
                      gz_analyzer_new("none", &folder) != GZ_OK))
        abort();
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* the searcher repairs what is not UTF-8 before parsing (search.c) */
    if (gz_utf8_invalid_at(text, strlen(text)) >= 0) {
        free(text);
        return 0;
    }
    gz_query_env env = {analyzer, folder, size % 2, NULL, stub_no_gazetteer, stub_country_known, df,
                        NULL};
    gz_query_info qi;
    gz_xap_query *q;
    char err[512];
    gz_status st = gz_query_parse(&env, text, &qi, &q, err, sizeof err);
    if (st == GZ_OK) {
        if (!q || gz_utf8_invalid_at(qi.notice, strlen(qi.notice)) >= 0)
            abort();
        gz_snippet sn = {0};
        if (gz_snippet_make(analyzer, article, &qi, 240, &sn) == 0)
            for (size_t i = 0; i < sn.nspans; i++)
                if (sn.spans[i].start >= sn.spans[i].end || sn.spans[i].end > sn.text.len)
                    abort();
        gz_snippet_release(&sn);
        gz_query_info_release(&qi);
        gz_xap_query_free(q);
    } else if (st != GZ_ERR_INVALID || gz_utf8_invalid_at(err, strlen(err)) >= 0) {
        abort();
    }
    free(text);
    return 0;
}
