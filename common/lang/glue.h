/*
 * glue.h - where a word that lost its spaces splits back into words.
 *
 * Scraped news loses the spaces around text a site sets in its own markup:
 * "ComradeKim Jong Unsaid", "SecretaryKim", "Kim Il SungUniversity".  The
 * analyzer (analyzer.h) asks this lexicon where such a word splits.  Two
 * rules, both needing something the archive knows, so that real mixed case
 * ("McDonald", "iPhone", "PetroChina", "DeepMind", "BankAmerica") stays
 * one word:
 *
 *   1. A known name runs into a word: the words before it are a known
 *      multi-word name but its last part ("Kim Jong" + "Unvisited"), and
 *      what follows that part is two or more letters.
 *   2. Case: a lower-case letter runs into a capitalised word.  A lower-case
 *      left part ("ofKim", "wishedKim") splits before a family name or a
 *      function word; a capitalised one of four letters or more when it is
 *      a role or function word ("SecretaryKim", "WhenKim"), when the right
 *      part is a function word, or a family name of three letters or more
 *      that another capitalised word follows ("InternationalKim Il").
 *      A name particle on the left ("Mc", "Mac", "La", "de") never splits,
 *      nor a left part of one letter ("iPhone", "eBay"), nor a short one
 *      ("GenCorp", "YouGov"), nor before a single capital ("SpA").
 *   3. Capitals run into a name: "HEKim Jong Un" (His Excellency).
 *
 * The lexicon comes from the gazetteer (common/gazetteer: role, function,
 * given, family, particle, and multi-word person names), and travels in
 * the index's metadata so that searches and snippets split as indexing did.
 * Read-only once built: one lexicon may serve several threads.
 */
#ifndef GZ_GLUE_H
#define GZ_GLUE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"
#include "strbuf.h"

enum {
    GZ_GLUE_BEFORE = 1 << 0,    /* announces a name or is a function word */
    GZ_GLUE_NAME = 1 << 1,      /* a given or family name that starts a name */
    GZ_GLUE_PARTICLE = 1 << 2,  /* Mc, Mac, De, La: glued to the capital after it */
    GZ_GLUE_FUNCTION = 1 << 3   /* a function word: may stand right of a split */
};

/* Words of context the split needs: the words just before the one split. */
#define GZ_GLUE_CONTEXT 3

typedef struct gz_glue gz_glue;

gz_glue *gz_glue_new(void);
void gz_glue_free(gz_glue *g);
/* Adds kind bits to one folded word; GZ_ERR_NOMEM when out of memory. */
gz_status gz_glue_add_word(gz_glue *g, const char *folded, unsigned kinds);
/* Adds a multi-word name as its folded words (at least two); GZ_ERR_NOMEM. */
gz_status gz_glue_add_name(gz_glue *g, const char *const *folded, size_t n);
/* Is the lexicon empty (nothing would ever split)? */
bool gz_glue_empty(const gz_glue *g);

/* The lexicon as text (one "KINDS<TAB>word" or "name<TAB>w1 w2 w3" line
 * each), for the index's metadata; GZ_ERR_NOMEM when out of memory. */
gz_status gz_glue_write(const gz_glue *g, gz_strbuf *out);
/* Reads what gz_glue_write wrote.  GZ_ERR_INVALID names the bad line in
 * err; GZ_ERR_NOMEM. */
gz_status gz_glue_read(const char *text, gz_glue **out, char *err, size_t errlen);

/* Where the word w[0..len) (as written, joiners and all) splits: a byte
 * offset 0 < k < len, or 0 to keep it whole.  prev[0..nprev) are the
 * folded words right before it, nearest first; next_capital says whether
 * the next word starts with a capital. */
size_t gz_glue_split(const gz_glue *g, const char *w, size_t len,
                     const char *const *prev, size_t nprev, int next_capital);

#endif
