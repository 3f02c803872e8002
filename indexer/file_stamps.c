/*
 * file_stamps.c - the files a run read whole, remembered (file_stamps.h).
 */
#define _XOPEN_SOURCE 700     /* realpath */
#include "file_stamps.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hash.h"
#include "schema.h"
#include "strbuf.h"

gz_status gz_file_stamp_of(const char *path, const char *how, gz_file_stamp *out)
{
    struct stat sb;
    char real[PATH_MAX];
    out->value = NULL;
    if (strcmp(path, "-") == 0 || stat(path, &sb) < 0 || !S_ISREG(sb.st_mode) ||
        !realpath(path, real))
        return GZ_DONE;
    snprintf(out->key, sizeof out->key, "%s%016" PRIx64, GZ_META_FILE,
             gz_hash64(real, strlen(real), GZ_HASH_SEED));
    gz_strbuf v = GZ_STRBUF_INIT;
    if (gz_strbuf_addf(&v, "%lld %lld.%09ld %016" PRIx64 " %s", (long long)sb.st_size,
                       (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec,
                       gz_hash64(how, strlen(how), GZ_HASH_SEED), real) < 0) {
        gz_strbuf_release(&v);
        return GZ_ERR_NOMEM;
    }
    return (out->value = gz_strbuf_detach(&v)) ? GZ_OK : GZ_ERR_NOMEM;
}

void gz_file_stamp_release(gz_file_stamp *stamp)
{
    free(stamp->value);
    stamp->value = NULL;
}

gz_status gz_file_stamp_known(gz_session *s, const gz_file_stamp *stamp, bool *known)
{
    char *kept = NULL;
    gz_status st = gz_session_get_metadata(s, stamp->key, &kept);
    *known = st == GZ_OK && kept && strcmp(kept, stamp->value) == 0;
    free(kept);
    return st;
}

gz_status gz_file_stamp_keep(gz_session *s, const gz_file_stamp *stamp)
{
    return gz_session_set_metadata(s, stamp->key, stamp->value);
}
