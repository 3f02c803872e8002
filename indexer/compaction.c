/*
 * compaction.c - compacting an index in place, and the scratch directory
 * beside it (compaction.h).
 */
#define _GNU_SOURCE     /* renameat2 */
#include "compaction.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "each.h"
#include "gz_xapian.h"

int gz_scratch_path(const char *db, char *out, size_t outlen)
{
    int n = snprintf(out, outlen, "%s.gazette-tmp", db);
    return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

gz_status gz_remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) < 0)
        return errno == ENOENT ? GZ_OK : GZ_ERR_IO;
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 ? GZ_OK : GZ_ERR_IO;
}

off_t gz_tree_bytes(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) < 0)
        return -1;
    if (!S_ISDIR(sb.st_mode))
        return S_ISREG(sb.st_mode) ? sb.st_size : 0;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    off_t total = 0;
    struct dirent *e;
    char sub[PATH_MAX];
    while (total >= 0 && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        off_t part = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub
                         ? gz_tree_bytes(sub) : -1;
        total = part < 0 ? -1 : total + part;
    }
    closedir(dir);
    return total;
}

gz_status gz_restore_swapped(const char *db)
{
    char scratch[PATH_MAX], old[PATH_MAX + 8];
    struct stat sb;
    if (gz_scratch_path(db, scratch, sizeof scratch) < 0 ||
        snprintf(old, sizeof old, "%s/old", scratch) >= (int)sizeof old)
        return GZ_ERR_INVALID;
    if (lstat(db, &sb) < 0 && errno == ENOENT && lstat(old, &sb) == 0 && rename(old, db) < 0)
        return GZ_ERR_IO;
    return GZ_OK;
}

gz_status gz_clear_scratch(const char *db)
{
    char scratch[PATH_MAX];
    if (gz_scratch_path(db, scratch, sizeof scratch) < 0)
        return GZ_ERR_INVALID;
    return gz_remove_tree(scratch);
}

gz_status gz_swap_in(const char *db, const char *fresh, const char *old, char *err, size_t errlen)
{
    if (renameat2(AT_FDCWD, fresh, AT_FDCWD, db, RENAME_EXCHANGE) == 0)
        return rename(fresh, old) == 0 ? GZ_OK : GZ_ERR_IO;
    /* A file system without the exchange: two renames, and a kill between
     * them is undone by the next run (gz_clear_scratch). */
    if ((errno == EINVAL || errno == ENOSYS) && rename(db, old) == 0) {
        if (rename(fresh, db) == 0)
            return GZ_OK;
        int saved = errno;
        if (rename(old, db) < 0)
            saved = errno;
        errno = saved;
    }
    snprintf(err, errlen, "%s: cannot put the new index in place: %s", db, strerror(errno));
    return GZ_ERR_IO;
}

/* One index's compaction in place: where its copy is made, and where the
 * index it replaces ends. */
struct in_place {
    char scratch[PATH_MAX], fresh[PATH_MAX + 16], old[PATH_MAX + 8];
};

static gz_status prepare_in_place(const char *db, struct in_place *ip, char *err, size_t errlen)
{
    if (gz_scratch_path(db, ip->scratch, sizeof ip->scratch) < 0 ||
        snprintf(ip->fresh, sizeof ip->fresh, "%s/compacted", ip->scratch) >= (int)sizeof ip->fresh ||
        snprintf(ip->old, sizeof ip->old, "%s/old", ip->scratch) >= (int)sizeof ip->old) {
        snprintf(err, errlen, "%s: index path too long", db);
        return GZ_ERR_INVALID;
    }
    if (gz_remove_tree(ip->scratch) != GZ_OK || (mkdir(ip->scratch, 0777) < 0 && errno != EEXIST)) {
        snprintf(err, errlen, "%s: %s", ip->scratch, strerror(errno));
        return GZ_ERR_IO;
    }
    return GZ_OK;
}

/* Every copy is made before any is swapped in, so a failure leaves every
 * index as it was; a kill between two swaps leaves some compacted, each
 * whole.  The copies are on disk at once: about the compacted size of
 * them all, beside the indexes. */
gz_status gz_compact_in_place(const char *const *dbs, size_t n, unsigned threads,
                              gz_compaction *c, char *err, size_t errlen)
{
    struct in_place *ips = calloc(n ? n : 1, sizeof *ips);
    gz_compaction_job *jobs = calloc(n ? n : 1, sizeof *jobs);
    gz_status st = ips && jobs ? GZ_OK : GZ_ERR_NOMEM;
    if (st != GZ_OK)
        snprintf(err, errlen, "out of memory");
    size_t ready = 0;
    off_t before = 0, after = 0;
    for (; ready < n && st == GZ_OK; ready++) {
        if ((st = prepare_in_place(dbs[ready], &ips[ready], err, errlen)) != GZ_OK)
            break;
        before += gz_tree_bytes(dbs[ready]);
        jobs[ready] = (gz_compaction_job){.srcs = &dbs[ready], .nsrcs = 1, .dest = ips[ready].fresh};
    }
    if (st == GZ_OK && gz_compact_jobs(jobs, n, threads) != GZ_OK) {
        for (size_t k = 0; k < n; k++)
            if (jobs[k].st != GZ_OK) {
                st = jobs[k].st;
                if (n > 1)
                    snprintf(err, errlen, "compacting shard %s failed (every shard is as it was): %s",
                             dbs[k], jobs[k].error);
                else
                    snprintf(err, errlen, "compacting failed (the index is as it was): %s",
                             jobs[k].error);
                break;
            }
    }
    for (size_t k = 0; k < n && st == GZ_OK; k++)
        after += gz_tree_bytes(ips[k].fresh);
    size_t swapped = 0;
    for (; swapped < n && st == GZ_OK; swapped++)
        if ((st = gz_swap_in(dbs[swapped], ips[swapped].fresh, ips[swapped].old, err, errlen)) != GZ_OK)
            break;
    c->done = swapped > 0;  /* those swapped leave the old index to clear */
    for (size_t k = swapped; k < ready; k++)
        gz_remove_tree(ips[k].scratch);
    if (c->done) {
        c->before = before;
        c->after = after;
    }
    free(ips);
    free(jobs);
    return st;
}

/* ---- several compactions at once -------------------------------------- */

static void run_job(void *ctx, size_t k)
{
    gz_compaction_job *j = (gz_compaction_job *)ctx + k;
    char xerr[GZ_XAP_ERRMAX];
    j->st = gz_xap_compact(j->srcs, j->nsrcs, j->dest, xerr);
    if (j->st != GZ_OK)
        snprintf(j->error, sizeof j->error, "%s", xerr);
}

gz_status gz_compact_jobs(gz_compaction_job *jobs, size_t n, unsigned threads)
{
    gz_each(n, threads, run_job, jobs);
    for (size_t k = 0; k < n; k++)
        if (jobs[k].st != GZ_OK)
            return jobs[k].st;
    return GZ_OK;
}
