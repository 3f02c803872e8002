/*
 * floor.c - the cost of Xapian's write path alone, for `make bench`: indexes
 * a JSON Lines file of articles with the crudest tokenizer (ASCII letters
 * and digits, lower-cased, no stemming), positions, a unique id term, and
 * nothing else: no stored text, no values, no entities, no spelling.
 * Whatever Gazette does on top costs time over this floor.
 *
 *   floor INDEX ARTICLES.jsonl
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gz_xapian.h"

static unsigned add_words(gz_xap_doc *doc, const char *text, unsigned pos)
{
    char word[64];
    if (!text)
        return pos;
    size_t n = 0;
    for (const char *p = text;; p++) {
        if (*p && isalnum((unsigned char)*p)) {
            if (n < sizeof word - 1)
                word[n++] = (char)tolower((unsigned char)*p);
            continue;
        }
        if (n)
            gz_xap_doc_add_posting(doc, word, n, pos++, 1);
        n = 0;
        if (!*p)
            return pos;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: floor INDEX ARTICLES.jsonl\n");
        return 2;
    }
    char err[GZ_XAP_ERRMAX];
    gz_xap_writer *w;
    if (gz_xap_writer_open(argv[1], GZ_XAP_CREATE, &w, err) != GZ_OK) {
        fprintf(stderr, "floor: %s\n", err);
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    gz_xap_doc *doc = gz_xap_doc_new();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *a = json_loads(line, 0, NULL);
        const char *id = json_string_value(json_object_get(a, "id"));
        if (!id) {
            json_decref(a);
            continue;
        }
        gz_xap_doc_clear(doc);
        unsigned pos = add_words(doc, json_string_value(json_object_get(a, "title")), 1);
        add_words(doc, json_string_value(json_object_get(a, "body")), pos + 100);
        char term[256];
        snprintf(term, sizeof term, "Q%s", id);
        if (gz_xap_writer_replace(w, term, strlen(term), doc, NULL) != GZ_OK) {
            fprintf(stderr, "floor: %s\n", gz_xap_writer_last_error(w));
            return 1;
        }
        json_decref(a);
    }
    free(line);
    fclose(f);
    gz_xap_doc_free(doc);
    int rc = gz_xap_writer_close(w) == GZ_OK ? 0 : 1;
    if (rc)
        fprintf(stderr, "floor: %s\n", gz_xap_writer_last_error(w));
    gz_xap_writer_destroy(w);
    return rc;
}
