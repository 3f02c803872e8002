/*
 * schema.h - how Gazette lays an article out in a Xapian index.  The
 * indexer writes this layout and the searcher reads it; change both here.
 *
 * Terms (Omega's prefix conventions where they exist):
 *   (none)  stemmed words of title and body, with positions
 *   S       stemmed title words, with positions (title: queries)
 *   Q       the article's unique id (replace/delete by id)
 *   D Y M   date as YYYYMMDD, year YYYY, month YYYYMM (boolean filters)
 *   XC:     country code ("XC:KP"), boolean
 *   XP      person key ("XPkimsongnam": folded letters), boolean: the
 *           names as written, so that a new name map rewrites no term; a
 *           person: filter looks for every key the map shows as the person
 *           (searcher/person_keys.h)
 *   XO      org key ("XOasean"), boolean
 *   XW      a person's name as the article wrote it ("XWHisham Nazir"),
 *           boolean: the archive's votes for one spelling per person
 *           (indexer/settle_names.c), which also finds the articles to
 *           revise when the archive's choice changes
 *   XK      key of a company the article names ("XKmerrilllynch"): a name
 *           the archive mostly gives as a company is not listed as a person
 *   XM      MinHash signature of the article's five-word shingles, one
 *           term per part ("XM3" + 5 base-64 digits): a likely copy
 *           shares some (indexer/shingles.h, indexer/stories.h)
 *   XS      story key ("XS" + the id of the story's first article), boolean,
 *           on the story's copies: with the first article's Q term it makes
 *           story: queries, and its count the "N similar" of a hit
 *   XR      sample levels: a hash of the id gives the article a number h
 *           in 0..255; it holds "XR0", and "XRk" (k = 1..8) when h < 256 >> k,
 *           so "XRk" marks a uniform 1/2^k of all articles (nested: level
 *           k+1 lies inside level k).  A search whose match set is too large
 *           to count facets over in time counts them over one level: a
 *           sample uniform whatever order the articles were indexed in,
 *           that costs one term to filter by, and that remote shards can
 *           run too (it is only terms)
 * Values:
 *   slot 0  date as YYYYMMDD: range filters and sorting by date
 *   slot 1-3  countries, people, orgs: each article's list, sorted and
 *           TAB-separated, so that Xapian's stock ValueCountMatchSpy (which
 *           remote shards also run) can count them: the searcher splits the
 *           counted combinations and sums per entity
 *   slot 4  the same three lists, the date and the source in one value,
 *           separated by 0x1E ("KP\tLA" RS "Kim Song-nam" RS "ASEAN" RS
 *           "20240321" RS "KCNA"; before schema 6 without the source): one
 *           value read per article where five would cost five B-tree
 *           seeks, which is what counting a sparse sample costs most
 *   slot 5  the people as the article wrote them, TAB-separated, most
 *           salient first: the facet lists (slots 2, 4, the data's "people"
 *           and XP) are these names through the archive's name map, and
 *           are rebuilt from them when the map changes
 *   slot 6  story key, for Xapian's collapse by story: the id of the
 *           story's first article, on its copies and (from its first copy
 *           on) on it; none on an article that no other copies
 *   slot 7  sort key, newest first: YYYYMMDD then the id ("!" then the id
 *           when undated, below every date): equal scores, and equal dates,
 *           are ordered by it, so that hits come in the same order however
 *           the articles are spread over shards (Xapian's own tie-break is
 *           the document id, and xapian-tcpsrv sorts by one value only)
 *   slot 8  sort key, oldest first: the same, "~" then the id when undated
 *           (above every date: undated articles come last both ways)
 *   slot 9  the source as the article gives it ("KCNA", "Mekong Wire"),
 *           with an XF term of its folded key (XFkcna) to filter by
 * Document data: a compact JSON object {"id","date","title","url","source",
 * "countries","people","orgs"} (entity lists most salient first), a newline,
 * then the body text as it is (so a search parses only the small part).
 * Metadata: gazette.schema and gazette.language (the Snowball stemmer), so
 * that search analyses queries exactly as the index was analysed, the
 * country names for facet labels, and gazette.names: the name map, one
 * "as written TAB as shown" line per name the archive shows otherwise
 * (empty: not a person), settled at the end of each indexing run.
 * Did-you-mean: the words seen in two articles or more of an indexing run,
 * one metadata key each (gazette.word:WORD, value "1"), on the shard the
 * key routes to (indexer/spelling.h, searcher/did_you_mean.h).  Indexes of
 * schema 4 and before have Xapian's spelling table instead.
 */
#ifndef GZ_SCHEMA_H
#define GZ_SCHEMA_H

#include <stdbool.h>
#include "status.h"

#define GZ_SCHEMA_VERSION "6"    /* 2: sample levels, slot 4; 3: people as written;
                                    4: stories; 5: sort keys, slots 7-8; 6: sources */
#define GZ_META_SCHEMA "gazette.schema"
#define GZ_META_LANGUAGE "gazette.language"
#define GZ_META_COUNTRY_LABEL "gazette.country:"  /* + "KP" -> "North Korea" */
#define GZ_META_NAMES "gazette.names"
#define GZ_META_GLUE "gazette.glue"      /* where glued words split (glue.h) */
#define GZ_META_WORD "gazette.word:"     /* + a word of the did-you-mean list */
#define GZ_META_FILE "gazette.file:"     /* + a file's hash -> "SIZE MTIME PATH" (file_stamps.h) */

#define GZ_PREFIX_ID "Q"
#define GZ_PREFIX_TITLE "S"
#define GZ_PREFIX_DAY "D"
#define GZ_PREFIX_MONTH "M"
#define GZ_PREFIX_YEAR "Y"

#define GZ_PREFIX_COUNTRY "XC:"
#define GZ_PREFIX_PERSON "XP"
#define GZ_PREFIX_ORG "XO"
#define GZ_PREFIX_SAMPLE "XR"
#define GZ_PREFIX_WRITTEN "XW"
#define GZ_PREFIX_COMPANY "XK"
#define GZ_PREFIX_MINHASH "XM"
#define GZ_PREFIX_STORY "XS"
#define GZ_PREFIX_SOURCE "XF"   /* + the source's folded key: where it is from */
#define GZ_STORY_KEY_MAX 256      /* a story key (an article id) and its NUL */
#define GZ_SAMPLE_LEVELS 8        /* XR1 (1/2) .. XR8 (1/256) */

#define GZ_SLOT_DATE 0
#define GZ_SLOT_COUNTRIES 1
#define GZ_SLOT_PEOPLE 2
#define GZ_SLOT_ORGS 3
#define GZ_SLOT_FACETS 4
#define GZ_SLOT_PEOPLE_WRITTEN 5
#define GZ_SLOT_STORY 6
#define GZ_SLOT_NEWEST 7
#define GZ_SLOT_OLDEST 8
#define GZ_SLOT_SOURCE 9
#define GZ_FACET_SEP '\t'
#define GZ_FACET_GROUP_SEP '\x1e'

/* Gap between title and body positions, so no phrase spans the two. */
#define GZ_FIELD_GAP 100

/* ---- encodings and their decodings: each pair lives in schema.c -------- */

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* prefix + value as a term in buf; its length, or 0 when it would be longer
 * than Xapian stores (GZ_XAP_MAX_TERM) or than cap.  Every term the
 * indexer writes and the searcher looks for is made here. */
size_t gz_schema_term(const char *prefix, const char *value, size_t len, char *buf, size_t cap);
/* The unique-id term of an article id ("Q" + id); 0 when too long. */
size_t gz_schema_id_term(const char *id, char *buf, size_t cap);
/* Is this term a word of the text, in any script?  Every field, id, date
 * and signature term starts with an upper-case ASCII prefix (Omega's rule),
 * words never do (the analyzer folds case); numbers are not words here. */
bool gz_schema_is_word(const char *term, size_t len);
/* The day, month and year terms of a YYYYMMDD date ("D20240321",
 * "M202403", "Y2024"); GZ_ERR_INVALID when ymd is not 8 bytes. */
gz_status gz_schema_date_terms(const char *ymd, char terms[3][16], size_t lens[3]);
/* The month term of a month facet's value ("2024-03" -> "M202403"), the
 * one gz_schema_date_terms writes; its length, 0 when month is not YYYY-MM. */
size_t gz_schema_month_term(const char *month, char *buf, size_t cap);
/* An article's YYYY-MM-DD date (as the readers validate it) as YYYYMMDD,
 * the form of slot 0 and the date terms; "" for an undated article. */
void gz_schema_compact_date(const char *date, char ymd[9]);
/* The two sort keys of an article (slots 7, 8) into newest and oldest
 * (reset); GZ_ERR_NOMEM when memory ran out. */
gz_status gz_schema_sort_keys(const char *ymd, const char *id, gz_strbuf *newest, gz_strbuf *oldest);
/* The term of sample level k ("XR3"); its length. */
size_t gz_schema_sample_term(unsigned level, char *buf, size_t cap);
/* The term of part i of a MinHash signature, of value v ("XM3" + its top
 * 30 bits as 5 base-64 digits). */
size_t gz_schema_minhash_term(unsigned i, uint32_t v, char *buf, size_t cap);
/* The metadata key holding a country code's English name. */
gz_status gz_schema_label_key(const char *code, char *buf, size_t cap);

/* Document data: the article's compact JSON (which holds no newline), a
 * newline, the body.  decode splits data into the two (body may be empty). */
gz_status gz_schema_data_encode(gz_strbuf *out, const char *json, const char *body);
void gz_schema_data_decode(const char *data, size_t len, const char **json, size_t *json_len,
                           const char **body, size_t *body_len);

/* The combined facet value (slot 4): GZ_FACET_GROUPS groups (countries,
 * people, orgs, the date, the source), each a TAB-separated list,
 * separated by GZ_FACET_GROUP_SEP.  append adds one group (last: no
 * separator after it); split finds them, returning how many (4 in an index
 * of schema 5 and before, which has no source). */
#define GZ_FACET_GROUPS 5
gz_status gz_schema_facets_append(gz_strbuf *value, const char *group, size_t len, int last);
/* An entity list as slots 1-3 hold it: sorted (so that equal sets pack to
 * equal values for ValueCountMatchSpy), TAB-separated, into out (reset). */
gz_status gz_schema_pack_list(gz_strbuf *out, char *const *items, size_t n);
size_t gz_schema_facets_split(const char *value, size_t len, const char *groups[GZ_FACET_GROUPS],
                              size_t lens[GZ_FACET_GROUPS]);

/* Each "written TAB shown" line of the gazette.names metadata: fn gets
 * both (not NUL-terminated); an error from it stops the walk and is
 * returned.  GZ_ERR_CORRUPT when a line has no TAB. */
typedef gz_status (*gz_schema_name_fn)(void *ctx, const char *written, size_t wlen,
                                       const char *shown, size_t slen);
gz_status gz_schema_names_each(const char *text, gz_schema_name_fn fn, void *ctx);

/* The fields of the query language and how each is indexed. */
typedef enum gz_field_kind {
    GZ_FIELD_COUNTRY,   /* an ISO code (or a name the gazetteer knows) */
    GZ_FIELD_PERSON,    /* a folded name key */
    GZ_FIELD_ORG,       /* a folded name key, long forms resolved by the gazetteer */
    GZ_FIELD_TITLE,     /* words of the headline: ranked, not a filter */
    GZ_FIELD_DATE,      /* the date value slot: a range */
    GZ_FIELD_STORY,     /* a story key: the story's articles, not collapsed */
    GZ_FIELD_SOURCE     /* a folded source key */
} gz_field_kind;

typedef struct gz_schema_field {
    const char *name;       /* as typed before the colon */
    gz_field_kind kind;
    const char *prefix;     /* of its terms (NULL: a value slot) */
} gz_schema_field;

/* The field called name[0..len), or NULL. */
const gz_schema_field *gz_schema_field_named(const char *name, size_t len);

#endif
