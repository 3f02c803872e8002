/*
 * walk.c - recursive expansion of input paths (walk.h).
 */

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "array.h"
#include "reader.h"

/* The directories from the named one down to the one being read: a
 * directory met again below itself is a symlink loop. */
struct chain {
    dev_t dev;
    ino_t ino;
    const struct chain *up;
};

struct walk {
    gz_input_list *list;
    gz_walk_diag_fn diag;
    void *ctx;
};

static int push(gz_input_list *list, const char *path, int from_dir, off_t size)
{
    if (gz_array_reserve(&list->files, &list->cap, list->count, sizeof *list->files) < 0)
        return -1;
    char *copy = strdup(path);
    if (!copy)
        return -1;
    list->files[list->count++] = (gz_input_file){copy, from_dir, size};
    return 0;
}

/* An entry that cannot be read is reported and passed over: one dangling
 * link must not cost the rest of an archive. */
static void pass_over(struct walk *wk, const char *path, const char *why)
{
    wk->list->skipped++;
    if (wk->diag)
        wk->diag(wk->ctx, path, why);
}

static int on_loop(const struct chain *c, const struct stat *sb)
{
    for (; c; c = c->up)
        if (c->dev == sb->st_dev && c->ino == sb->st_ino)
            return 1;
    return 0;
}

static gz_status walk_dir(struct walk *wk, const char *dir, const struct chain *up, char *err,
                          size_t errlen);

/* One entry of a directory; GZ_ERR_NOMEM is the only failure. */
static gz_status walk_entry(struct walk *wk, const char *path, const struct chain *up, char *err,
                      size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        pass_over(wk, path, errno == ENOENT ? "a dangling symbolic link: passed over"
                          : errno == ELOOP ? "a symbolic link loop: passed over" : strerror(errno));
        return GZ_OK;
    }
    if (S_ISDIR(sb.st_mode)) {
        if (on_loop(up, &sb)) {
            pass_over(wk, path, "a link back to a folder above it: passed over");
            return GZ_OK;
        }
        return walk_dir(wk, path, up, err, errlen);
    }
    if (S_ISREG(sb.st_mode) && gz_format_from_path(path) != GZ_FORMAT_AUTO &&
        push(wk->list, path, 1, sb.st_size) < 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        return GZ_ERR_NOMEM;
    }
    return GZ_OK;
}

/* The status of what errno says about a path that cannot be read. */
static gz_status status_of_errno(void)
{
    return errno == ENOENT || errno == ENOTDIR ? GZ_ERR_NOT_FOUND : errno == ENOMEM ? GZ_ERR_NOMEM
                                                                                   : GZ_ERR_IO;
}

static gz_status walk_dir(struct walk *wk, const char *dir, const struct chain *up, char *err,
                          size_t errlen)
{
    struct stat sb;
    struct dirent **names;
    int n;
    if (stat(dir, &sb) < 0 || (n = scandir(dir, &names, NULL, alphasort)) < 0) {
        if (!up) {      /* the folder named on the command line */
            snprintf(err, errlen, "%s: %s", dir, strerror(errno));
            return status_of_errno();
        }
        pass_over(wk, dir, strerror(errno));
        return GZ_OK;
    }
    struct chain here = {sb.st_dev, sb.st_ino, up};
    gz_status rc = GZ_OK;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[PATH_MAX];
        if (rc == GZ_OK && name[0] != '.') {
            if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
                pass_over(wk, dir, "holds a path too long for this system: passed over");
            else
                rc = walk_entry(wk, path, &here, err, errlen);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

gz_status gz_walk_add(gz_input_list *list, const char *path, gz_walk_diag_fn diag, void *ctx,
                      char *err, size_t errlen)
{
    struct walk wk = {list, diag, ctx};
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        if (push(list, path, 0, -1) == 0)
            return GZ_OK;
    } else if (stat(path, &sb) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return status_of_errno();
    } else if (S_ISDIR(sb.st_mode)) {
        return walk_dir(&wk, path, NULL, err, errlen);
    } else if (push(list, path, 0, S_ISREG(sb.st_mode) ? sb.st_size : -1) == 0) {
        return GZ_OK;
    }
    snprintf(err, errlen, "%s: out of memory", path);
    return GZ_ERR_NOMEM;
}

void gz_walk_release(gz_input_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->files[i].path);
    free(list->files);
    memset(list, 0, sizeof *list);
}
