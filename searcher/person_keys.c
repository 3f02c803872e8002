/*
 * person_keys.c - person: filters through the archive's name map
 * (person_keys.h).
 */
#include "person_keys.h"

#include <stdlib.h>
#include <string.h>

#include "gz_xapian.h"
#include "names.h"
#include "schema.h"

struct loader {
    gz_person_keys *pk;
    gz_analyzer *folder;
};

static int key_of(gz_analyzer *folder, const char *name, size_t len, char key[GZ_XAP_MAX_TERM])
{
    char *copy = strndup(name, len);
    if (!copy)
        return -1;
    size_t n = gz_entity_key(folder, copy, key, GZ_XAP_MAX_TERM);
    free(copy);
    return n ? 1 : 0;
}

static gz_status add_entry(void *ctx, const char *written, size_t wlen, const char *shown,
                           size_t slen)
{
    struct loader *l = ctx;
    char wkey[GZ_XAP_MAX_TERM], skey[GZ_XAP_MAX_TERM] = "";
    int rc = key_of(l->folder, written, wlen, wkey);
    if (rc <= 0 || (slen && (rc = key_of(l->folder, shown, slen, skey)) <= 0))
        return rc < 0 ? GZ_ERR_NOMEM : GZ_OK;   /* a name without letters has no term either */
    if (strcmp(wkey, skey) == 0 || gz_strmap_get(&l->pk->shown_of, wkey, strlen(wkey)))
        return GZ_OK;       /* another spelling of the same key, or seen */
    char *target = strdup(skey);
    if (!target || gz_strmap_put(&l->pk->shown_of, wkey, strlen(wkey), target) < 0) {
        free(target);
        return GZ_ERR_NOMEM;
    }
    if (!*skey)
        return GZ_OK;
    gz_strbuf *list = gz_strmap_get(&l->pk->written_of, skey, strlen(skey));
    if (!list) {
        if (!(list = calloc(1, sizeof *list)) ||
            gz_strmap_put(&l->pk->written_of, skey, strlen(skey), list) < 0) {
            free(list);
            return GZ_ERR_NOMEM;
        }
    }
    return gz_strbuf_add(list, wkey, strlen(wkey) + 1);
}

gz_status gz_person_keys_load(gz_person_keys *pk, gz_analyzer *folder, const char *names)
{
    struct loader l = {pk, folder};
    return names ? gz_schema_names_each(names, add_entry, &l) : GZ_OK;
}

size_t gz_person_keys_expand(const gz_person_keys *pk, const char *key, const char **keys,
                             size_t max)
{
    const char *shown = gz_strmap_get(&pk->shown_of, key, strlen(key));
    if (shown && !*shown)
        return 0;
    const char *target = shown ? shown : key;
    size_t n = 0;
    if (max)
        keys[n++] = target;
    const gz_strbuf *list = gz_strmap_get(&pk->written_of, target, strlen(target));
    for (size_t at = 0; list && at < list->len && n < max; at += strlen(list->buf + at) + 1)
        keys[n++] = list->buf + at;
    return n;
}

static void free_list(void *p)
{
    gz_strbuf_release(p);
    free(p);
}

void gz_person_keys_release(gz_person_keys *pk)
{
    gz_strmap_release(&pk->shown_of, free);
    gz_strmap_release(&pk->written_of, free_list);
    memset(pk, 0, sizeof *pk);
}
