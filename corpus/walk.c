/*
 * walk.c - recursive expansion of input paths (walk.h).
 */

#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "array.h"
#include "reader.h"

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

static int walk_dir(gz_input_list *list, const char *dir, char *err, size_t errlen)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char path[4096];
        struct stat sb;
        if (rc == 0 && name[0] != '.') {
            if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
                snprintf(err, errlen, "%s/%s: path too long", dir, name);
                rc = -1;
            } else if (stat(path, &sb) < 0) {
                snprintf(err, errlen, "%s: %s", path, strerror(errno));
                rc = -1;
            } else if (S_ISDIR(sb.st_mode)) {
                rc = walk_dir(list, path, err, errlen);
            } else if (S_ISREG(sb.st_mode) && gz_format_from_path(path) != GZ_FORMAT_AUTO &&
                       push(list, path, 1, sb.st_size) < 0) {
                snprintf(err, errlen, "%s: out of memory", path);
                rc = -1;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int gz_walk_add(gz_input_list *list, const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (strcmp(path, "-") == 0) {
        if (push(list, path, 0, -1) == 0)
            return 0;
    } else if (stat(path, &sb) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    } else if (S_ISDIR(sb.st_mode)) {
        return walk_dir(list, path, err, errlen);
    } else if (push(list, path, 0, S_ISREG(sb.st_mode) ? sb.st_size : -1) == 0) {
        return 0;
    }
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
}

void gz_walk_release(gz_input_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->files[i].path);
    free(list->files);
    memset(list, 0, sizeof *list);
}
