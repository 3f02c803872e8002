/*
 * status.h - the one error contract of Gazette (notmuch's notmuch_status_t
 * is the model).
 *
 * Every call that can fail returns a gz_status.  Errors are negative, so
 * `if (call(...) < 0)` is the test for failure everywhere, and a status
 * passed up through a caller's own return keeps its meaning; GZ_DONE (the
 * end of an input) is positive.  Functions that cannot fail return what
 * they compute: a bool for a question, a count, a code.
 *
 * The message of a failure is kept on the handle when there is one
 * (gz_xap_writer_last_error, gz_session_error, gz_xap_doc_last_error ...),
 * else written to a caller's buffer (`char *err, size_t errlen`, or
 * GZ_XAP_ERRMAX bytes for the binding's opens).  Out of memory, invalid
 * input and input/output failures stay distinct all the way to the
 * programs' exit statuses and HTTP statuses, mapped here in one place.
 */
#ifndef GZ_STATUS_H
#define GZ_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gz_status {
    GZ_OK = 0,
    GZ_DONE = 1,             /* no more (the end of an input): not an error */
    GZ_ERR_NOMEM = -1,       /* out of memory */
    GZ_ERR_LOCKED = -2,      /* another process is writing the index */
    GZ_ERR_NOT_FOUND = -3,   /* no index (or file) at that path */
    GZ_ERR_CORRUPT = -4,     /* the index is damaged or of an unknown version */
    GZ_ERR_INVALID = -5,     /* bad input or argument: the caller's to fix */
    GZ_ERR_IO = -6,          /* a file or the index could not be created, read or written */
    GZ_ERR_UNAVAILABLE = -7, /* no shard of a cluster answered in time */
    GZ_ERR_XAPIAN = -8,      /* any other Xapian error */
    GZ_ERR_UNKNOWN = -9      /* an exception of unknown type */
} gz_status;

/* A short English phrase for the status ("out of memory"). */
const char *gz_status_to_string(gz_status status);
/* Writes that phrase to err (errlen bytes) and returns status, so that a
 * failure is reported and passed up in one step. */
gz_status gz_status_put(char *err, size_t errlen, gz_status status);

/* Exit statuses shared by the command-line programs. */
enum {
    GZ_EXIT_OK = 0,
    GZ_EXIT_FAIL = 1,       /* the index could not be opened, read or written */
    GZ_EXIT_USAGE = 2,      /* a bad option, argument or query value */
    GZ_EXIT_PARTIAL = 3,    /* done, but something was reported (gazette-index) */
    GZ_EXIT_NOMEM = 4       /* out of memory: retrying may succeed */
};

/* The exit status a program ends with after a failure of this status
 * (GZ_ERR_INVALID: a bad option, argument or query value). */
int gz_status_exit_code(gz_status status);
/* ... after a failure about the index itself, which could not be opened,
 * read or written whatever the cause (damaged, locked, foreign, another
 * language): 1, or 4 when memory ran out. */
int gz_status_index_exit_code(gz_status status);
/* ... after a failure about an argument (an input named on the command
 * line that cannot be read): 2, or 4 when memory ran out. */
int gz_status_argument_exit_code(gz_status status);
/* The HTTP status a web request is answered with: 400 for invalid input,
 * 500 out of memory, 503 when the index is not available. */
int gz_status_http(gz_status status);

#ifdef __cplusplus
}
#endif
#endif
