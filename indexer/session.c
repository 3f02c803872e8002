/*
 * session.c - batched, replace-by-id indexing into one index (session.h).
 */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "doc_builder.h"
#include "name_map.h"
#include "schema.h"
#include "settle_names.h"
#include "spelling.h"
#include "story_ledger.h"
#include "stories.h"

#define DEFAULT_LANGUAGE "english"

struct gz_session {
    gz_xap_writer *writer;
    gz_doc_builder *builder;
    gz_xap_doc *doc;
    gz_session_opts opts;
    char language[32];
    size_t pending_bytes;
    unsigned long pending_docs;
    gz_session_stats stats;
    gz_spelling spelling;
    gz_name_map names;          /* the index's own (opts.names NULL) */
    gz_analyzer *keyer;         /* name keys for settling */
    gz_story_finder *stories;
    char error[GZ_XAP_ERRMAX + 64];
};

/* Settles the language: the index's record wins over the default, and an
 * explicit request that contradicts it is an error. */
/* Another application's Xapian database (articles without Gazette's
 * metadata) is not written into: stamping Gazette's metadata on it would
 * serve its documents as articles with no title or date, and spoil it for
 * its owner.  An empty database is anybody's. */
static gz_status refuse_foreign(gz_session *s, const char *path, char *err, size_t errlen)
{
    char *language = NULL;
    unsigned long docs = 0;
    gz_status st = gz_xap_writer_get_metadata(s->writer, GZ_META_LANGUAGE, &language);
    if (st == GZ_OK)
        st = gz_xap_writer_doccount(s->writer, &docs);
    if (st != GZ_OK)
        snprintf(err, errlen, "%s: %s", path, gz_xap_writer_last_error(s->writer));
    else if (!language && docs > 0) {
        snprintf(err, errlen, "%s: not a Gazette index (it holds %lu document%s and no %s "
                 "metadata): gazette-index writes only into its own indexes",
                 path, docs, docs == 1 ? "" : "s", GZ_META_LANGUAGE);
        st = GZ_ERR_INVALID;    /* the wrong --db, not a damaged one */
    }
    free(language);
    return st;
}

/* The writer's failure, its message copied to err. */
static gz_status writer_failed(gz_session *s, gz_status st, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s", gz_xap_writer_last_error(s->writer));
    return st;
}

/* The index's language: the one it records, which --language must not
 * contradict (GZ_ERR_INVALID). */
static gz_status choose_language(gz_session *s, const char *wanted, char *err, size_t errlen)
{
    char *recorded = NULL;
    gz_status st = gz_xap_writer_get_metadata(s->writer, GZ_META_LANGUAGE, &recorded);
    if (st != GZ_OK)
        return writer_failed(s, st, err, errlen);
    const char *lang = recorded ? recorded : wanted ? wanted : DEFAULT_LANGUAGE;
    if (recorded && wanted && strcmp(recorded, wanted) != 0) {
        snprintf(err, errlen, "the index was built with language '%s'; "
                 "--language %s would mix stemmers", recorded, wanted);
        st = GZ_ERR_INVALID;
    } else if (strlen(lang) >= sizeof s->language) {
        snprintf(err, errlen, "unknown language '%s'", lang);
        st = GZ_ERR_INVALID;
    } else {
        strcpy(s->language, lang);
    }
    free(recorded);
    return st;
}

static gz_status settle_language(gz_session *s, const char *wanted, char *err, size_t errlen)
{
    gz_status st = choose_language(s, wanted, err, errlen);
    if (st != GZ_OK)
        return st;
    st = gz_doc_builder_new(s->language, s->opts.gazetteer, &s->builder);
    if (st == GZ_ERR_INVALID) {
        snprintf(err, errlen, "unknown language '%s' (see --help for the list)", s->language);
        return st;
    }
    if (st != GZ_OK)
        return gz_status_put(err, errlen, st);
    if ((st = gz_xap_writer_set_metadata(s->writer, GZ_META_LANGUAGE, s->language)) != GZ_OK ||
        (st = gz_xap_writer_set_metadata(s->writer, GZ_META_SCHEMA, GZ_SCHEMA_VERSION)) != GZ_OK)
        return writer_failed(s, st, err, errlen);
    return GZ_OK;
}

static gz_status store_label(void *ctx, const char *code, const char *name)
{
    gz_session *s = ctx;
    char key[64];
    gz_status st = gz_schema_label_key(code, key, sizeof key);
    return st < 0 ? st : gz_xap_writer_set_metadata(s->writer, key, name);
}

/* Country names for facet labels, one metadata key per code, so that
 * search needs no gazetteer and looks up only the codes it shows. */
static gz_status store_labels(gz_session *s, char *err, size_t errlen)
{
    if (!s->opts.gazetteer)
        return GZ_OK;
    gz_status st = gz_gazetteer_each_label(s->opts.gazetteer, store_label, s);
    return st < 0 ? writer_failed(s, st, err, errlen) : GZ_OK;
}

/* The lexicon glued words were split by, so that searches and snippets
 * split them as this run did. */
static gz_status store_glue(gz_session *s, char *err, size_t errlen)
{
    if (!s->opts.gazetteer)
        return GZ_OK;
    gz_strbuf text = GZ_STRBUF_INIT;
    gz_status st = gz_glue_write(gz_gazetteer_glue(s->opts.gazetteer), &text);
    if (st < 0)
        gz_status_put(err, errlen, st);
    else if ((st = gz_xap_writer_set_metadata(s->writer, GZ_META_GLUE, gz_strbuf_str(&text))) < 0)
        writer_failed(s, st, err, errlen);
    gz_strbuf_release(&text);
    return st;
}

/* The map the index's people follow; settling it is the target's job
 * when a shard follows another's. */
static gz_status load_names(gz_session *s, char *err, size_t errlen)
{
    if (s->opts.names) {
        gz_doc_builder_set_names(s->builder, s->opts.names);
        return GZ_OK;
    }
    char *text = NULL;
    gz_status st = gz_xap_writer_get_metadata(s->writer, GZ_META_NAMES, &text);
    if (st != GZ_OK)
        return writer_failed(s, st, err, errlen);
    st = text ? gz_name_map_parse(&s->names, text) : GZ_OK;
    free(text);
    if (st == GZ_ERR_CORRUPT)
        snprintf(err, errlen, "the index's name map (%s) is damaged", GZ_META_NAMES);
    else if (st == GZ_OK)
        st = gz_analyzer_new("none", &s->keyer);
    if (st < 0) {
        if (st != GZ_ERR_CORRUPT)
            gz_status_put(err, errlen, st);
        return st;
    }
    gz_doc_builder_set_names(s->builder, &s->names);
    return GZ_OK;
}

gz_status gz_session_open(const char *path, const gz_session_opts *opts,
                          gz_session **out, char *err, size_t errlen)
{
    *out = NULL;
    gz_session *s = calloc(1, sizeof *s);
    if (!s || !(s->doc = gz_xap_doc_new())) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        free(s);
        return GZ_ERR_NOMEM;
    }
    s->opts = *opts;
    if (gz_story_finder_new(opts->dup_threshold > 0 ? opts->dup_threshold : GZ_DUP_THRESHOLD_DEFAULT,
                            &s->stories) != GZ_OK) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        gz_xap_doc_free(s->doc);
        free(s);
        return GZ_ERR_NOMEM;
    }
    gz_status st = gz_cluster_open_writer(path, opts->xapian_flags | GZ_XAP_CREATE, &s->writer,
                                          err, errlen);
    if (st != GZ_OK) {
        gz_story_finder_free(s->stories);
        gz_xap_doc_free(s->doc);
        free(s);
        return st;
    }
    if ((st = refuse_foreign(s, path, err, errlen)) != GZ_OK) {
        gz_session_abandon(s);
        return st;
    }
    if ((st = settle_language(s, opts->language, err, errlen)) != GZ_OK ||
        (st = store_labels(s, err, errlen)) != GZ_OK || (st = store_glue(s, err, errlen)) != GZ_OK ||
        (st = load_names(s, err, errlen)) != GZ_OK) {
        gz_session_abandon(s);
        return st;
    }
    gz_doc_builder_set_stories(s->builder, !opts->no_stories);
    unsigned long had = 1;
    if (gz_xap_writer_doccount(s->writer, &had) == GZ_OK && had == 0 && !opts->no_stories &&
        !opts->ledger && gz_story_finder_fresh(s->stories) != GZ_OK) {
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        gz_session_abandon(s);
        return GZ_ERR_NOMEM;
    }
    /* Committed at once: a kill before the first batch leaves an empty
     * Gazette index (language recorded), not an unrecognisable one. */
    if (gz_xap_writer_commit(s->writer) != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, gz_xap_writer_last_error(s->writer));
        gz_session_abandon(s);
        return GZ_ERR_IO;
    }
    *out = s;
    return GZ_OK;
}

/* Articles written to remote shards in the background: which of them
 * replaced one is known once the writes are done. */
static void count_replaced(gz_session *s)
{
    unsigned long replaced = gz_xap_writer_take_replaced(s->writer);
    s->stats.added -= replaced;
    s->stats.replaced += replaced;
}

gz_status gz_session_commit(gz_session *s)
{
    gz_status st = s->opts.words_to_caller ? GZ_OK : gz_spelling_flush(&s->spelling, s->writer);
    if (st == GZ_OK)
        st = gz_xap_writer_commit(s->writer);
    if (st != GZ_OK) {
        snprintf(s->error, sizeof s->error, "commit failed: %s",
                 gz_xap_writer_last_error(s->writer));
        return st;
    }
    count_replaced(s);
    s->pending_bytes = 0;
    s->pending_docs = 0;
    s->stats.commits++;
    return GZ_OK;
}

/* The story of the article just built: that of an article it copies. */
static gz_status join_story(gz_session *s, const gz_article *a)
{
    char ymd[9], key[GZ_STORY_KEY_MAX];
    gz_schema_compact_date(a->date, ymd);
    int joined = 0;
    gz_status st = gz_story_find(s->stories, s->writer, a->id, ymd,
                                 gz_doc_builder_shingles(s->builder), key, &joined);
    int first = joined && strcmp(key, a->id) == 0;     /* its own story, indexed again */
    if (st == GZ_OK && joined && (st = gz_story_set(s->doc, key, first)) != GZ_OK)
        snprintf(s->error, sizeof s->error, "%s", gz_xap_doc_last_error(s->doc));
    else if (st != GZ_OK)
        snprintf(s->error, sizeof s->error, "%s", gz_story_finder_error(s->stories));
    s->stats.joined_story += joined && !first;
    return st;
}

gz_status gz_session_add(gz_session *s, const gz_article *a)
{
    char id_term[GZ_XAP_MAX_TERM + 2];
    size_t id_len = gz_schema_id_term(a->id, id_term, sizeof id_term);
    if (!id_len) {
        snprintf(s->error, sizeof s->error, "id '%.40s...' is too long", a->id);
        return GZ_ERR_INVALID;
    }
    gz_status st = gz_doc_build(s->builder, a, s->doc);
    if (st != GZ_OK) {
        const char *why = gz_xap_doc_last_error(s->doc);
        snprintf(s->error, sizeof s->error, "%s", *why ? why : gz_status_to_string(st));
        return st;
    }
    if (!s->opts.no_stories && !s->opts.ledger && (st = join_story(s, a)) != GZ_OK)
        return st;
    int replaced = 0;
    if ((st = gz_xap_writer_replace(s->writer, id_term, id_len, s->doc, &replaced)) != GZ_OK) {
        snprintf(s->error, sizeof s->error, "%s", gz_xap_writer_last_error(s->writer));
        return st;
    }
    if (s->opts.ledger && !s->opts.no_stories &&
        (st = gz_story_ledger_note(s->opts.ledger, a->seq, gz_xap_writer_last_docid(s->writer),
                                   gz_doc_builder_shingles(s->builder))) != GZ_OK) {
        snprintf(s->error, sizeof s->error, "the stories' ledger: %s", strerror(errno));
        return st;
    }
    const char *words;
    size_t words_len;
    gz_doc_builder_words(s->builder, &words, &words_len);
    for (size_t at = s->opts.no_spelling ? words_len : 0; at < words_len;
         at += strlen(words + at) + 1)
        if (gz_spelling_note(&s->spelling, words + at, strlen(words + at)) < 0) {
            gz_status_put(s->error, sizeof s->error, GZ_ERR_NOMEM);
            return GZ_ERR_NOMEM;
        }
    if (replaced)
        s->stats.replaced++;
    else
        s->stats.added++;
    s->pending_bytes += strlen(a->body) + strlen(a->title);
    s->pending_docs++;
    if (s->pending_bytes >= s->opts.batch_bytes ||
        (s->opts.batch_docs && s->pending_docs >= s->opts.batch_docs))
        return gz_session_commit(s);
    return GZ_OK;
}

gz_status gz_session_settle_names(gz_session *s)
{
    if (s->opts.names) {
        snprintf(s->error, sizeof s->error, "a shard leaves the names to the index it joins");
        return GZ_ERR_INVALID;
    }
    gz_settle_stats settled;
    gz_status st = gz_settle_names(&s->writer, 1, 1, s->keyer, s->opts.gazetteer, &s->names,
                                   &settled, s->error, sizeof s->error);
    if (st == GZ_OK)
        s->stats.names_revised += settled.revised;
    return st == GZ_OK && settled.changed ? gz_session_commit(s) : st;
}

static void release(gz_session *s)
{
    gz_spelling_release(&s->spelling);
    gz_name_map_release(&s->names);
    gz_analyzer_free(s->keyer);
    gz_story_finder_free(s->stories);
    gz_doc_builder_free(s->builder);
    gz_xap_doc_free(s->doc);
    free(s);
}

gz_status gz_session_unlisted_words(gz_session *s, gz_strbuf *once, gz_strbuf *more)
{
    gz_status st = gz_spelling_unlisted(&s->spelling, once, more);
    if (st != GZ_OK)
        gz_status_put(s->error, sizeof s->error, st);
    return st;
}

gz_status gz_session_note_words(gz_session *s, const char *words, size_t len, unsigned times)
{
    for (size_t at = 0; at < len; at += strlen(words + at) + 1)
        for (unsigned k = 0; k < times; k++)
            if (gz_spelling_note(&s->spelling, words + at, strlen(words + at)) != GZ_OK) {
                gz_status_put(s->error, sizeof s->error, GZ_ERR_NOMEM);
                return GZ_ERR_NOMEM;
            }
    return GZ_OK;
}

gz_status gz_session_close(gz_session *s, char *err, size_t errlen)
{
    gz_status st = s->pending_docs || (s->spelling.nchanged && !s->opts.words_to_caller)
                       ? gz_session_commit(s) : GZ_OK;
    if (st != GZ_OK) {
        snprintf(err, errlen, "%s", s->error);
        gz_session_abandon(s);
        return st;
    }
    st = gz_xap_writer_close(s->writer);
    if (st != GZ_OK)
        snprintf(err, errlen, "closing the index failed: %s", gz_xap_writer_last_error(s->writer));
    gz_session_abandon(s);     /* after the close: nothing is left to discard */
    return st;
}

void gz_session_abandon(gz_session *s)
{
    if (!s)
        return;
    gz_xap_writer_destroy(s->writer);
    release(s);
}

const char *gz_session_error(const gz_session *s)
{
    return s->error;
}

const char *gz_session_language(const gz_session *s)
{
    return s->language;
}

const gz_session_stats *gz_session_get_stats(gz_session *s)
{
    /* after a commit (or the settling of names, which reads the shards)
     * every write is done and counted */
    count_replaced(s);
    return &s->stats;
}

const struct gz_name_map *gz_session_names(const gz_session *s)
{
    return s->opts.names ? s->opts.names : &s->names;
}

gz_xap_writer *gz_session_writer(gz_session *s)
{
    return s->writer;
}

gz_status gz_session_get_metadata(gz_session *s, const char *key, char **value)
{
    gz_status st = gz_xap_writer_get_metadata(s->writer, key, value);
    if (st != GZ_OK)
        snprintf(s->error, sizeof s->error, "%s", gz_xap_writer_last_error(s->writer));
    return st;
}

gz_status gz_session_set_metadata(gz_session *s, const char *key, const char *value)
{
    gz_status st = gz_xap_writer_set_metadata(s->writer, key, value);
    if (st != GZ_OK)
        snprintf(s->error, sizeof s->error, "%s", gz_xap_writer_last_error(s->writer));
    return st;
}
