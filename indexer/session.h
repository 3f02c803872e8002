/*
 * session.h - one writer adding articles to one index, committing in
 * batches so that a crash or kill loses at most the batch under way; the
 * index stays at its last commit and a rerun completes the work (articles
 * replace by id, so nothing is duplicated).
 */
#ifndef GZ_SESSION_H
#define GZ_SESSION_H

#include <stddef.h>

#include "article.h"
#include "gazetteer.h"
#include "gz_xapian.h"
#include "strbuf.h"

typedef struct gz_session gz_session;

typedef struct gz_session_opts {
    const char *language;     /* NULL: the index's own, else "english" */
    unsigned xapian_flags;    /* GZ_XAP_* */
    size_t batch_bytes;       /* commit after this much article text */
    unsigned long batch_docs; /* ... or this many articles (0: no limit) */
    const gz_gazetteer *gazetteer; /* entity facets; NULL: none */
    int no_spelling;          /* skip the did-you-mean dictionary */
    /* -j shards: show people under this map (the target index's) and
     * leave settling it to the target.  NULL: the index's own map,
     * settled again when the session closes (settle_names.h). */
    const struct gz_name_map *names;
    double dup_threshold;     /* near-copies (stories.h); 0: the default */
    int no_stories;           /* no signatures and no story keys */
    /* -j into an empty index: signatures, but no story keys; each article
     * is noted here instead, for the pass that finds the stories in input
     * order once every thread is done (story_ledger.h). */
    struct gz_story_ledger *ledger;
    /* -j into a cluster: count the words but list none (the cluster's
     * writer lists them, each on the shard its key routes to). */
    int words_to_caller;
} gz_session_opts;

typedef struct gz_session_stats {
    unsigned long added;      /* new articles */
    unsigned long replaced;   /* articles that replaced one with the same id */
    unsigned long commits;
    unsigned long skipped;    /* articles refused (-j shards) */
    unsigned long names_revised; /* older articles whose people now show otherwise */
    unsigned long joined_story;  /* articles found to copy one already indexed */
} gz_session_stats;

/* Opens (creating when absent) the index at path and checks that its
 * language matches opts->language.  On failure err says why. */
gz_status gz_session_open(const char *path, const gz_session_opts *opts,
                          gz_session **out, char *err, size_t errlen);
gz_status gz_session_add(gz_session *s, const gz_article *a);
gz_status gz_session_commit(gz_session *s);
/* Decides the archive's names again, revises the articles they change
 * (settle_names.h) and commits them with what is pending: call it after
 * the run's last article.  Not for a session given opts->names. */
gz_status gz_session_settle_names(gz_session *s);
/* -j: the words this session's articles used and it has not listed
 * (NUL-separated, appended): those one article used into once, which
 * another thread's may make common enough for the did-you-mean list, and
 * (with words_to_caller) those two or more used into more.  Call after
 * the last commit. */
gz_status gz_session_unlisted_words(gz_session *s, gz_strbuf *once, gz_strbuf *more);
/* -j: counts such words times more times (articles of another thread used
 * them); those used twice join the list at the next commit. */
gz_status gz_session_note_words(gz_session *s, const char *words, size_t len, unsigned times);
/* Commits and releases; on failure err says why (the session is released
 * all the same, and the index keeps its last commit). */
gz_status gz_session_close(gz_session *s, char *err, size_t errlen);
/* Releases without committing what is pending. */
void gz_session_abandon(gz_session *s);

const char *gz_session_error(const gz_session *s);
const char *gz_session_language(const gz_session *s);
const gz_session_stats *gz_session_get_stats(gz_session *s);
/* The index's metadata: value malloc'd (NULL when the key has none);
 * set is written with the next commit. */
gz_status gz_session_get_metadata(gz_session *s, const char *key, char **value);
gz_status gz_session_set_metadata(gz_session *s, const char *key, const char *value);
/* The name map the session shows people under (for -j shards). */
const struct gz_name_map *gz_session_names(const gz_session *s);
gz_xap_writer *gz_session_writer(gz_session *s);

#endif
