/*
 * facet_side.c - the facet thread's environments (facet_side.h).
 */
#include "facet_side.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"

const char *gz_country_label_lookup(json_t **labels, gz_xap_reader *reader, const char *code)
{
    if (!*labels && !(*labels = json_object()))
        return NULL;
    json_t *have = json_object_get(*labels, code);
    if (have)
        return json_string_value(have);    /* NULL for a known miss */
    char key[64], *text = NULL;
    if (strlen(code) > 8 || gz_schema_label_key(code, key, sizeof key) < 0 ||
        gz_xap_reader_get_metadata(reader, key, &text) != GZ_OK)
        return NULL;
    json_object_set_new(*labels, code, text ? json_string(text) : json_null());
    free(text);
    return json_string_value(json_object_get(*labels, code));
}

static const char *side_country_label(void *ctx, const char *code)
{
    gz_facet_side_state *side = ctx;
    return gz_country_label_lookup(&side->labels, side->reader, code);
}

static int side_country_known(void *ctx, const char *code)
{
    return side_country_label(ctx, code) != NULL;
}

static const gz_gazetteer *side_gazetteer(void *ctx)
{
    return ((gz_facet_side_state *)ctx)->gazetteer;
}

static unsigned long side_termfreq(void *ctx, const char *term)
{
    gz_facet_side_state *side = ctx;
    unsigned long freq = 0;
    return gz_xap_reader_termfreq(side->reader, term, &freq) == GZ_OK ? freq : 0;
}

static size_t side_person_keys(void *ctx, const char *key, const char **keys, size_t max)
{
    return gz_person_keys_expand(((gz_facet_side_state *)ctx)->people, key, keys, max);
}

int gz_facet_side_ready(gz_facet_side_state *side, gz_xap_reader *reader, const char *language,
                        const gz_glue *glue, int any, gz_facet_env *fenv, gz_query_env *qenv)
{
    if (!side->analyzer) {
        if (gz_analyzer_new(language, &side->analyzer) != GZ_OK)
            return -1;
        gz_analyzer_set_glue(side->analyzer, glue);
    }
    if (!side->folder) {
        if (gz_analyzer_new("none", &side->folder) != GZ_OK)
            return -1;
        gz_analyzer_set_glue(side->folder, glue);
    }
    side->reader = reader;
    *fenv = (gz_facet_env){.folder = side->folder, .country_label = side_country_label,
                           .ctx = side};
    *qenv = (gz_query_env){side->analyzer, side->folder, any, side, side_gazetteer,
                           side_country_known, side_termfreq, side_person_keys};
    return 0;
}

void gz_facet_side_changed(gz_facet_side_state *side)
{
    json_decref(side->labels);
    side->labels = NULL;
}

void gz_facet_side_release(gz_facet_side_state *side)
{
    gz_analyzer_free(side->analyzer);
    gz_analyzer_free(side->folder);
    json_decref(side->labels);
    memset(side, 0, sizeof *side);
}
