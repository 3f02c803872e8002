/*
 * spelling.c - the did-you-mean dictionary fed in batches (spelling.h).
 */
#include "spelling.h"

#include <stdint.h>
#include <string.h>

#define IN_XAPIAN 1u

int gz_spelling_note(gz_spelling *sp, const char *word, size_t len)
{
    uintptr_t v = (uintptr_t)gz_strmap_get(&sp->words, word, len);
    v += 2;     /* one more article, not yet in Xapian */
    return gz_strmap_put(&sp->words, word, len, (void *)v);
}

gz_status gz_spelling_flush(gz_spelling *sp, gz_xap_writer *w)
{
    gz_strmap *m = &sp->words;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        uintptr_t v = (uintptr_t)m->values[i];
        unsigned long pending = (unsigned long)(v >> 1);
        if (pending == 0 || (!(v & IN_XAPIAN) && pending < 2))
            continue;
        gz_status st = gz_xap_writer_add_spelling(w, m->keys[i], strlen(m->keys[i]),
                                                  (unsigned)pending);
        if (st != GZ_OK)
            return st;
        m->values[i] = (void *)(uintptr_t)IN_XAPIAN;
    }
    return GZ_OK;
}

void gz_spelling_release(gz_spelling *sp)
{
    gz_strmap_release(&sp->words, NULL);
}
