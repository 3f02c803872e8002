/*
 * status.c - status names and their exit and HTTP statuses (status.h).
 */
#include "status.h"

#include <stdio.h>

const char *gz_status_to_string(gz_status status)
{
    switch (status) {
    case GZ_OK: return "success";
    case GZ_DONE: return "no more";
    case GZ_ERR_NOMEM: return "out of memory";
    case GZ_ERR_LOCKED: return "index is being written by another process";
    case GZ_ERR_NOT_FOUND: return "not found";
    case GZ_ERR_CORRUPT: return "index is corrupt";
    case GZ_ERR_INVALID: return "invalid input";
    case GZ_ERR_IO: return "input/output error";
    case GZ_ERR_UNAVAILABLE: return "no shard answered";
    case GZ_ERR_XAPIAN: return "Xapian error";
    case GZ_ERR_UNKNOWN: return "unknown error";
    }
    return "unknown status";
}

gz_status gz_status_put(char *err, size_t errlen, gz_status status)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", gz_status_to_string(status));
    return status;
}

int gz_status_exit_code(gz_status status)
{
    switch (status) {
    case GZ_OK:
    case GZ_DONE: return GZ_EXIT_OK;
    case GZ_ERR_INVALID: return GZ_EXIT_USAGE;
    case GZ_ERR_NOMEM: return GZ_EXIT_NOMEM;
    default: return GZ_EXIT_FAIL;
    }
}

int gz_status_index_exit_code(gz_status status)
{
    return status >= 0 ? GZ_EXIT_OK : status == GZ_ERR_NOMEM ? GZ_EXIT_NOMEM : GZ_EXIT_FAIL;
}

int gz_status_argument_exit_code(gz_status status)
{
    return status >= 0 ? GZ_EXIT_OK : status == GZ_ERR_NOMEM ? GZ_EXIT_NOMEM : GZ_EXIT_USAGE;
}

int gz_status_http(gz_status status)
{
    switch (status) {
    case GZ_OK:
    case GZ_DONE: return 200;
    case GZ_ERR_INVALID: return 400;
    case GZ_ERR_NOMEM:
    case GZ_ERR_XAPIAN:
    case GZ_ERR_UNKNOWN: return 500;
    default: return 503;
    }
}
