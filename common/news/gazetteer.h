/*
 * gazetteer.h - the names the entity extractor knows: countries (from
 * Debian's iso-codes, plus Gazette's own short forms and demonyms), cities
 * (tzdata's zone.tab plus Gazette's list), organisations, and the word
 * lists the person heuristics use.  See common/gazetteer/README.md for the
 * file format.  Loaded once; read-only afterwards, so one gazetteer may be
 * shared by several threads.
 */
#ifndef GZ_GAZETTEER_H
#define GZ_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include "status.h"

#include "glue.h"

typedef enum gz_entity_kind {
    GZ_KIND_COUNTRY = 1, /* value: country code */
    GZ_KIND_CITY,        /* value: country code */
    GZ_KIND_PLACE,       /* a state or province; value: country code */
    GZ_KIND_DATELINE,    /* only inside a dateline ("Calif."); value: code */
    GZ_KIND_ORG,         /* value: display name */
    GZ_KIND_PERSON,      /* value: display name */
    GZ_KIND_OTHER,       /* a phrase that is none of these ("Swiss franc") */
    GZ_KIND_EITHER,      /* one of two countries, as the article tells ("Korean");
                            value: "KR/KP", the first when it tells nothing */
    GZ_KIND_HINT         /* a word that tells a country without naming it
                            ("puppet" in KCNA copy); value: country code */
} gz_entity_kind;

enum {
    GZ_WORD_ROLE = 1 << 0,    /* President, Minister, Mr */
    GZ_WORD_GIVEN = 1 << 1,   /* James, Helmut */
    GZ_WORD_FAMILY = 1 << 2,  /* Kim, Wang: family name first */
    GZ_WORD_NOTNAME = 1 << 3, /* The, Monday, Bank */
    GZ_WORD_ORGWORD = 1 << 4, /* Party, Forum, Council */
    GZ_WORD_COMPANY = 1 << 5, /* Inc, Corp, Brothers, Airlines: a company's name */
    GZ_WORD_FUNCTION = 1 << 6, /* The, In, Monday: never starts an institution's name */
    GZ_WORD_PARTICLE = 1 << 7, /* Mc, Mac, De, La: glued to the capital after it */
    GZ_WORD_UNIT = 1 << 8      /* Factory, Complex, Idea, carrier: a name with one names a thing */
};

typedef struct gz_alias {
    unsigned ntok;
    char **tok;               /* folded words */
    gz_entity_kind kind;
    const char *value;
    int caps_only;            /* written in capitals: matches capitals only */
    struct gz_alias *next;    /* same first word; longer aliases first */
} gz_alias;

typedef struct gz_gazetteer gz_gazetteer;

/* Loads iso-codes, zone.tab, every *.tsv in datadir (NULL: the default,
 * see gz_gazetteer_default_dir), then each extra file in order.  On failure
 * returns NULL with err naming the file and line. */
gz_gazetteer *gz_gazetteer_load(const char *datadir, const char *const *extra,
                                size_t nextra, char *err, size_t errlen);
void gz_gazetteer_free(gz_gazetteer *g);

/* Where the data files are: $GAZETTE_DATA, else beside the executable
 * (../share/gazette, or the source tree's common/gazetteer). */
gz_status gz_gazetteer_default_dir(char *buf, size_t cap);

/* The aliases whose first folded word is word, longest first, or NULL. */
const gz_alias *gz_gazetteer_candidates(const gz_gazetteer *g, const char *word, size_t len);
/* Aliases listed as `ignore` are too ambiguous to count. */
bool gz_gazetteer_is_ignored(const gz_gazetteer *g, const gz_alias *a);
unsigned gz_gazetteer_word_class(const gz_gazetteer *g, const char *word, size_t len);
/* Calls fn for every country code and its English name (the indexer
 * stores them in the index so search needs no gazetteer); stops at, and
 * returns, fn's first error. */
typedef gz_status (*gz_label_fn)(void *ctx, const char *code, const char *name);
gz_status gz_gazetteer_each_label(const gz_gazetteer *g, gz_label_fn fn, void *ctx);
/* Where glued words split (glue.h): the role, function, name and particle
 * words and the people's names above.  Owned by the gazetteer. */
const gz_glue *gz_gazetteer_glue(const gz_gazetteer *g);
/* The gazetteer's own copy of a country code (code[0..len)), stable while
 * it lives, or NULL for a code it does not know. */
const char *gz_gazetteer_country_code(const gz_gazetteer *g, const char *code, size_t len);
/* English name of a country code ("KP" -> "North Korea"), or NULL. */
const char *gz_gazetteer_country_label(const gz_gazetteer *g, const char *code);
/* The value of an alias of that kind spelled exactly as text (a country
 * name or code, an org's long form...), or NULL. */
const char *gz_gazetteer_lookup(const gz_gazetteer *g, gz_entity_kind kind, const char *text);

#endif
