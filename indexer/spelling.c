/*
 * spelling.c - the did-you-mean dictionary fed in batches (spelling.h).
 */
#include "spelling.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "schema.h"

#define LISTED 1u
#define CHANGED 2u      /* listed in sp->changed */
#define ONE 4u          /* one article */

gz_status gz_spelling_note(gz_spelling *sp, const char *word, size_t len)
{
    if (gz_array_reserve(&sp->changed, &sp->cap, sp->nchanged, sizeof *sp->changed) < 0)
        return GZ_ERR_NOMEM;
    const char *key;
    void **slot = gz_strmap_slot(&sp->words, word, len, &key);
    if (!slot)
        return GZ_ERR_NOMEM;
    uintptr_t v = (uintptr_t)*slot;
    *slot = (void *)((v + ONE) | CHANGED);
    /* a flush visits only the words counted since the last one, not the
     * whole vocabulary, however often a run commits */
    if (!(v & CHANGED))
        sp->changed[sp->nchanged++] = key;
    return GZ_OK;
}

static gz_status list_word(gz_xap_writer *w, const char *word, size_t len)
{
    char key[GZ_XAP_MAX_TERM + 1];
    size_t klen = gz_schema_term(GZ_META_WORD, word, len, key, sizeof key);
    if (!klen)
        return GZ_OK;       /* too long to be a word anyone misspells */
    return gz_xap_writer_set_shard_metadata(w, gz_xap_route(key, klen, gz_xap_writer_nshards(w)),
                                            key, "1");
}

gz_status gz_spelling_flush(gz_spelling *sp, gz_xap_writer *w)
{
    for (size_t i = 0; i < sp->nchanged; i++) {
        const char *word = sp->changed[i];
        size_t len = strlen(word);
        void **slot = gz_strmap_slot(&sp->words, word, len, NULL);
        if (!slot)
            return GZ_ERR_NOMEM;
        uintptr_t v = (uintptr_t)*slot & ~(uintptr_t)CHANGED;
        unsigned long pending = (unsigned long)(v / ONE);
        if (!(v & LISTED) && pending >= 2) {
            gz_status st = list_word(w, word, len);
            if (st != GZ_OK)
                return st;
            v = LISTED;
        }
        *slot = (void *)v;      /* a one-off waits, unlisted, until another article uses it */
    }
    sp->nchanged = 0;
    return GZ_OK;
}

gz_status gz_spelling_unlisted(const gz_spelling *sp, gz_strbuf *once, gz_strbuf *more)
{
    for (size_t i = 0; i < sp->words.cap; i++) {
        uintptr_t v = (uintptr_t)sp->words.values[i];
        if (!sp->words.keys[i] || (v & LISTED) || v / ONE == 0)
            continue;
        gz_strbuf *into = v / ONE == 1 ? once : more;
        if (gz_strbuf_add(into, sp->words.keys[i], strlen(sp->words.keys[i]) + 1) != GZ_OK)
            return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

void gz_spelling_release(gz_spelling *sp)
{
    gz_strmap_release(&sp->words, NULL);
    free(sp->changed);
    memset(sp, 0, sizeof *sp);
}
