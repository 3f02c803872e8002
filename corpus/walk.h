/*
 * walk.h - expands the paths named on a command line into the list of
 * input files: a directory gives every article file below it (by extension,
 * in name order, hidden entries passed over), a file or "-" gives itself.
 */
#ifndef GZ_WALK_H
#define GZ_WALK_H

#include <stddef.h>
#include <sys/types.h>

#include "status.h"

typedef struct gz_input_file {
    char *path;
    int from_directory;  /* found by walking: may turn out not to be articles */
    off_t size;          /* bytes on disk; -1 for stdin and pipes */
} gz_input_file;

typedef struct gz_input_list {
    gz_input_file *files;
    size_t count, cap;
    unsigned long skipped;   /* entries below a folder that could not be read */
} gz_input_list;

/* Reports an entry below a folder that is passed over (a dangling link, a
 * link loop, one that cannot be read). */
typedef void (*gz_walk_diag_fn)(void *ctx, const char *path, const char *why);

/* Appends path's files to list.  An entry below a folder that cannot be
 * read is reported through diag (may be NULL), counted and passed over.
 * GZ_ERR_NOT_FOUND or GZ_ERR_IO (err naming the path) when path itself
 * cannot be read; GZ_ERR_NOMEM. */
gz_status gz_walk_add(gz_input_list *list, const char *path, gz_walk_diag_fn diag, void *ctx,
                char *err, size_t errlen);
void gz_walk_release(gz_input_list *list);

#endif
