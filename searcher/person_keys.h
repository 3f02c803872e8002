/*
 * person_keys.h - the person terms a person: filter looks for.
 *
 * Articles keep their people as written (XP terms of the written names'
 * keys: schema.h); the archive's name map (metadata gazette.names, decided
 * by the indexer) says which name each is shown as.  So person:"Ronald
 * Reagan" must find the articles that wrote "Reagan" too, person:Reagan
 * is read as the name the archive shows for it, and a name the archive
 * says is not a person ("Merrill Lynch") finds nothing, exactly as the
 * facet counts them.  A map change then rewrites no term.
 */
#ifndef GZ_PERSON_KEYS_H
#define GZ_PERSON_KEYS_H

#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "strbuf.h"
#include "strmap.h"

typedef struct gz_person_keys {
    gz_strmap shown_of;     /* key as written -> malloc'd key shown ("" none) */
    gz_strmap written_of;   /* key shown -> gz_strbuf of written keys, NUL-separated */
} gz_person_keys;

/* Reads the map (gazette.names text; NULL: empty) into pk (zeroed).
 * folder: an analyzer of language "none".  GZ_ERR_NOMEM when memory ran out,
 * GZ_ERR_CORRUPT when the text is damaged. */
gz_status gz_person_keys_load(gz_person_keys *pk, gz_analyzer *folder, const char *names);
/* The keys key stands for: keys[0] the key shown, then the keys of the
 * names written that are shown so, up to max; how many (0: nobody). */
size_t gz_person_keys_expand(const gz_person_keys *pk, const char *key, const char **keys,
                             size_t max);
void gz_person_keys_release(gz_person_keys *pk);

#endif
