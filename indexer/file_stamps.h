/*
 * file_stamps.h - what an indexing run remembers of each file it read
 * whole: its size and modification time, kept in the index's metadata
 * (GZ_META_FILE + a hash of its real path), so that the next run over a
 * growing tree (a newsroom's cron job every hour) reads only the files
 * that are new or changed, or that it would read differently (another
 * --format, --max-article-kb, gazetteer...: `how` says).  Size and time
 * are what make and rsync trust; a checksum would mean reading every file
 * again.
 */
#ifndef GZ_FILE_STAMPS_H
#define GZ_FILE_STAMPS_H

#include <stdbool.h>

#include "session.h"

typedef struct gz_file_stamp {
    char key[48];           /* GZ_META_FILE + the hash of the real path */
    char *value;            /* malloc'd: "SIZE MTIME HOW PATH" */
} gz_file_stamp;

/* A file's stamp as now on disk, read the way `how` describes: GZ_OK;
 * GZ_DONE when it has none (stdin, a pipe, a file that went away);
 * GZ_ERR_NOMEM. */
gz_status gz_file_stamp_of(const char *path, const char *how, gz_file_stamp *out);
void gz_file_stamp_release(gz_file_stamp *stamp);
/* Whether the index holds this very stamp: the file was read whole since
 * it last changed. */
gz_status gz_file_stamp_known(gz_session *s, const gz_file_stamp *stamp, bool *known);
/* Remembers the stamp, with the session's next commit. */
gz_status gz_file_stamp_keep(gz_session *s, const gz_file_stamp *stamp);

#endif
