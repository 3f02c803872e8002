/*
 * xap_errors.cc - the binding's boundary: every exception from Xapian (or
 * from memory) classified into a gz_status with its message, so that none
 * crosses into C.
 */
#include "xap_internal.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>

/* What a process that ran out of file descriptors is told: no shard and no
 * table is missing, the limit is too low (and no fallback would help). */
const char XAP_OUT_OF_FDS[] = "out of file descriptors";

static bool fds_exhausted(const Xapian::Error &e)
{
    const char *why = e.get_error_string();
    return why && (std::strcmp(why, std::strerror(EMFILE)) == 0 ||
                   std::strcmp(why, std::strerror(ENFILE)) == 0);
}

static gz_status classify_by_type(std::string &msg);

gz_status xap_classify_current(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::Error &e) {
        if (!fds_exhausted(e))
            return classify_by_type(msg);
        msg = std::string(XAP_OUT_OF_FDS) + " (" + e.get_msg() + "): raise the limit of open files "
              "(ulimit -n, LimitNOFILE=): each shard of a stub holds several";
        return GZ_ERR_IO;
    } catch (...) {
        return classify_by_type(msg);
    }
}

/* Must be called from inside a catch block. */
static gz_status classify_by_type(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = "index is being written by another process (" + e.get_msg() + ")";
        return GZ_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = "no index found: " + e.get_msg();
        return GZ_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = "index is corrupt: " + e.get_msg();
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = "index has an unsupported format: " + e.get_msg();
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::DatabaseCreateError &e) {
        msg = "cannot create index: " + e.get_msg();
        return GZ_ERR_IO;
    } catch (const Xapian::DatabaseOpeningError &e) {
        msg = "cannot open index: " + e.get_msg();
        return GZ_ERR_NOT_FOUND;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = e.get_msg();
        return GZ_ERR_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        /* With an errno ("No space left on device") the system failed;
         * without one Xapian found a table it cannot read ("EOF reading
         * block ..."): damage, which a rerun would only meet again. */
        msg = e.get_description();
        if (e.get_error_string() && *e.get_error_string())
            return GZ_ERR_IO;
        msg = "index is damaged: " + msg;
        return GZ_ERR_CORRUPT;
    } catch (const Xapian::NetworkError &e) {
        /* "Couldn't connect (Connection refused)", "Timeout expired ...":
         * the caller says which shard */
        msg = e.get_msg();
        if (e.get_error_string() && *e.get_error_string())
            msg += std::string(" (") + e.get_error_string() + ")";
        return GZ_ERR_UNAVAILABLE;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return GZ_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        msg = gz_status_to_string(GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    } catch (const std::exception &e) {
        msg = e.what();
        return GZ_ERR_UNKNOWN;
    } catch (...) {
        msg = "unknown C++ exception";
        return GZ_ERR_UNKNOWN;
    }
}

void xap_copy_error(char errbuf[GZ_XAP_ERRMAX], const std::string &msg)
{
    if (!errbuf)
        return;
    std::strncpy(errbuf, msg.c_str(), GZ_XAP_ERRMAX - 1);
    errbuf[GZ_XAP_ERRMAX - 1] = '\0';
}

char *xap_dup_string(const std::string &s)
{
    char *copy = static_cast<char *>(std::malloc(s.size() + 1));
    if (copy) {
        std::memcpy(copy, s.data(), s.size());
        copy[s.size()] = '\0';
    }
    return copy;
}

gz_status xap_classify_into(char errbuf[GZ_XAP_ERRMAX])
{
    std::string msg;
    gz_status st = xap_classify_current(msg);
    xap_copy_error(errbuf, msg);
    return st;
}
