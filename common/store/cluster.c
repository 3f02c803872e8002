/*
 * cluster.c - stub files and the shard bookkeeping of cluster.h.
 *
 * The stub is Xapian's own format, read here rather than by Xapian so that
 * each shard can be opened on its own: a reader then answers without a
 * shard that is down, with timeouts of our choosing (Xapian opens a stub's
 * remote lines with its 10 s defaults and fails as a whole).
 */
#define _POSIX_C_SOURCE 200809L
#include "cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "strbuf.h"

#define STUB_MAX_BYTES (1 << 20)
#define SHARDS_MAX 1024

bool gz_cluster_is_stub(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void gz_cluster_release(gz_cluster *c)
{
    free(c->shards);
    free(c->text);
    memset(c, 0, sizeof *c);
}

static char *slurp(const char *path, size_t *size, char *err, size_t errlen, gz_status *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        *st = GZ_ERR_NOT_FOUND;
        return NULL;
    }
    gz_strbuf sb = GZ_STRBUF_INIT;
    char buf[4096];
    size_t n;
    *st = GZ_OK;
    while (*st == GZ_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (sb.len + n > STUB_MAX_BYTES || gz_strbuf_add(&sb, buf, n) < 0)
            *st = sb.len + n > STUB_MAX_BYTES ? GZ_ERR_CORRUPT : GZ_ERR_NOMEM;
    if (*st == GZ_OK && ferror(f))
        *st = GZ_ERR_IO;
    fclose(f);
    if (*st != GZ_OK) {
        snprintf(err, errlen, "%s: %s", path, *st == GZ_ERR_CORRUPT ? "too large for a stub file"
                                              : gz_status_to_string(*st));
        gz_strbuf_release(&sb);
        return NULL;
    }
    *size = sb.len;
    return gz_strbuf_detach(&sb);
}

/* "host:port", ":port" (this machine) or "[v6]:port" into the shard. */
static int parse_remote(char *arg, gz_xap_shard *s)
{
    char *colon = strrchr(arg, ':'), *end = NULL;
    if (!colon || strchr(arg, ' '))
        return -1;
    long port = strtol(colon + 1, &end, 10);
    if (end == colon + 1 || *end || port < 1 || port > 65535)
        return -1;
    *colon = '\0';
    if (arg[0] == '[' && colon > arg + 1 && colon[-1] == ']') {
        colon[-1] = '\0';
        arg++;
    }
    s->host = *arg ? arg : "127.0.0.1";
    s->port = (unsigned)port;
    return 0;
}

/* One line of the stub into s (paths are left relative: resolved later). */
static const char *parse_line(char *line, gz_xap_shard *s)
{
    char *space = strchr(line, ' ');
    if (!space || !space[1])
        return "expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT'";
    *space = '\0';
    char *arg = space + 1;
    memset(s, 0, sizeof *s);
    if (strcmp(line, "auto") == 0 || strcmp(line, "glass") == 0) {
        s->path = arg;
        return NULL;
    }
    if (strcmp(line, "remote") == 0) {
        if (arg[0] == ':' && strchr(arg, ' '))
            return "remote programs (xapian-progsrv) are not supported: serve the shard "
                   "with xapian-tcpsrv and list it as 'remote HOST:PORT'";
        return parse_remote(arg, s) < 0 ? "expected 'remote HOST:PORT'" : NULL;
    }
    return "expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT'";
}

/* Relative shard paths are relative to the stub's directory (Xapian's
 * rule); the resolved paths are appended to *paths. */
static int resolve_paths(const char *stub, gz_cluster *c, gz_strbuf *paths, size_t *offsets)
{
    const char *slash = strrchr(stub, '/');
    size_t dir_len = slash ? (size_t)(slash - stub) + 1 : 0;
    for (size_t i = 0; i < c->n; i++) {
        offsets[i] = paths->len;
        if (!c->shards[i].path)
            continue;
        if (c->shards[i].path[0] != '/' && gz_strbuf_add(paths, stub, dir_len) < 0)
            return -1;
        if (gz_strbuf_add(paths, c->shards[i].path, strlen(c->shards[i].path) + 1) < 0)
            return -1;
    }
    return 0;
}

/* Cuts a comment off the line: '#' at its start or after a blank (the
 * README's examples annotate shard lines so). */
static void cut_comment(char *line)
{
    for (char *h = line; (h = strchr(h, '#')) != NULL; h++)
        if (h == line || h[-1] == ' ' || h[-1] == '\t') {
            *h = '\0';
            return;
        }
}

static gz_status parse_stub(const char *path, char *text, gz_cluster *c, size_t *lines,
                            char *err, size_t errlen)
{
    size_t line_no = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        cut_comment(line);
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        if (!len)
            continue;
        if (c->n == SHARDS_MAX) {
            snprintf(err, errlen, "%s:%zu: more than %d shards", path, line_no, SHARDS_MAX);
            return GZ_ERR_CORRUPT;
        }
        const char *why = parse_line(line, &c->shards[c->n]);
        if (why) {
            snprintf(err, errlen, "%s:%zu: %s", path, line_no, why);
            return GZ_ERR_CORRUPT;
        }
        lines[c->n++] = line_no;
    }
    if (c->n == 0) {
        snprintf(err, errlen, "%s: a stub file that lists no shard", path);
        return GZ_ERR_CORRUPT;
    }
    return GZ_OK;
}

/* Do shards a and b name the same index? */
static int same_shard(const gz_xap_shard *a, const struct stat *sa, int a_exists,
                      const gz_xap_shard *b, const struct stat *sb, int b_exists)
{
    if (a->host || b->host)
        return a->host && b->host && a->port == b->port && strcmp(a->host, b->host) == 0;
    if (a_exists && b_exists)
        return sa->st_dev == sb->st_dev && sa->st_ino == sb->st_ino;
    return strcmp(a->path, b->path) == 0;
}

/* A stub lists indexes: a line naming a stub (itself, or one that lists
 * it back) would have Xapian open stubs within stubs until the stack
 * overflows, and a shard listed twice counts every article in it twice. */
static gz_status check_shards(const char *path, const gz_cluster *c, const size_t *lines,
                              char *err, size_t errlen)
{
    struct stat *st = calloc(c->n, sizeof *st);
    char *exists = calloc(c->n, 1);
    if (!st || !exists) {
        free(st);
        free(exists);
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
        return GZ_ERR_NOMEM;
    }
    gz_status rc = GZ_OK;
    for (size_t i = 0; i < c->n && rc == GZ_OK; i++) {
        const gz_xap_shard *s = &c->shards[i];
        exists[i] = s->path && stat(s->path, &st[i]) == 0;
        if (exists[i] && !S_ISDIR(st[i].st_mode)) {
            snprintf(err, errlen, "%s:%zu: %s is a file, not an index: a stub lists index "
                     "directories and remote shards, never another stub (nor itself)",
                     path, lines[i], s->path);
            rc = GZ_ERR_CORRUPT;
        }
        for (size_t k = 0; k < i && rc == GZ_OK; k++)
            if (same_shard(s, &st[i], exists[i], &c->shards[k], &st[k], exists[k])) {
                snprintf(err, errlen, "%s:%zu: the same shard as line %zu: a shard listed "
                         "twice would count its articles twice", path, lines[i], lines[k]);
                rc = GZ_ERR_CORRUPT;
            }
    }
    free(st);
    free(exists);
    return rc;
}

gz_status gz_cluster_read(const char *path, gz_cluster *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    gz_status st;
    size_t size = 0;
    char *text = slurp(path, &size, err, errlen, &st);
    if (!text)
        return st;
    c->shards = calloc(SHARDS_MAX, sizeof *c->shards);
    size_t *offsets = calloc(SHARDS_MAX, sizeof *offsets);
    size_t *lines = calloc(SHARDS_MAX, sizeof *lines);
    gz_strbuf paths = GZ_STRBUF_INIT;
    st = c->shards && offsets && lines ? parse_stub(path, text, c, lines, err, errlen)
                                       : GZ_ERR_NOMEM;
    if (st == GZ_OK && resolve_paths(path, c, &paths, offsets) < 0)
        st = GZ_ERR_NOMEM;
    if (st == GZ_OK) {
        /* the remote hosts point into text, the paths into one buffer
         * kept after it */
        size_t tlen = size + 1;     /* the parse put NULs in it */
        char *both = malloc(tlen + paths.len);
        if (!both) {
            st = GZ_ERR_NOMEM;
        } else {
            memcpy(both, text, tlen);
            memcpy(both + tlen, gz_strbuf_str(&paths), paths.len);
            for (size_t i = 0; i < c->n; i++) {
                /* (":PORT" gave the literal "127.0.0.1", not a part of text) */
                const char *host = c->shards[i].host;
                if (host && host >= text && host < text + tlen)
                    c->shards[i].host = both + (host - text);
                if (c->shards[i].path)
                    c->shards[i].path = both + tlen + offsets[i];
            }
            free(text);
            text = both;
        }
    }
    c->text = text;
    if (st == GZ_OK)
        st = check_shards(path, c, lines, err, errlen);
    if (st == GZ_ERR_NOMEM)
        gz_status_put(err, errlen, GZ_ERR_NOMEM);
    free(offsets);
    free(lines);
    gz_strbuf_release(&paths);
    if (st != GZ_OK)
        gz_cluster_release(c);
    return st;
}

gz_status gz_cluster_create(const char *path, unsigned n, char *err, size_t errlen)
{
    struct stat st;
    if (n < 1 || n > SHARDS_MAX) {
        snprintf(err, errlen, "--shards %u: give 1 to %d", n, SHARDS_MAX);
        return GZ_ERR_INVALID;
    }
    if (stat(path, &st) == 0) {
        snprintf(err, errlen, "%s: already exists; --shards makes a new archive", path);
        return GZ_ERR_INVALID;
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    FILE *f = fopen(path, "wx");
    if (!f) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        return GZ_ERR_IO;
    }
    int bad = fprintf(f, "# Gazette archive in %u shards: an article's shard is a hash of its id\n"
                         "# over their number; change the list with gazette-index --reshard.\n",
                      n) < 0;
    for (unsigned i = 0; i < n && !bad; i++)
        bad = fprintf(f, "auto %s.shards/%u\n", base, i) < 0;
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        remove(path);
        return GZ_ERR_IO;
    }
    char dir[4096];
    if (snprintf(dir, sizeof dir, "%s.shards", path) >= (int)sizeof dir ||
        (mkdir(dir, 0777) < 0 && errno != EEXIST)) {
        snprintf(err, errlen, "%s.shards: cannot create: %s", path, strerror(errno));
        remove(path);
        return GZ_ERR_IO;
    }
    return GZ_OK;
}

long gz_cluster_timeout_ms(void)
{
    const char *v = getenv(GZ_SHARD_TIMEOUT_ENV);
    if (!v || !*v)
        return GZ_SHARD_TIMEOUT_MS;
    char *end = NULL;
    double s = strtod(v, &end);
    if (*end || !(s > 0) || s > 3600)
        return -1;
    return (long)(s * 1000 + 0.5);
}

gz_status gz_cluster_open_reader(const char *path, gz_xap_reader **out, char *err,
                                 size_t errlen)
{
    char xerr[GZ_XAP_ERRMAX];
    if (!gz_cluster_is_stub(path)) {
        gz_status st = gz_xap_reader_open(path, out, xerr);
        if (st != GZ_OK)
            snprintf(err, errlen, "%s: %s", path, xerr);
        return st;
    }
    long timeout = gz_cluster_timeout_ms();
    if (timeout < 0) {
        snprintf(err, errlen, "%s=%s: give the seconds to wait for a shard (0 < s <= 3600)",
                 GZ_SHARD_TIMEOUT_ENV, getenv(GZ_SHARD_TIMEOUT_ENV));
        return GZ_ERR_INVALID;
    }
    gz_cluster c;
    gz_status st = gz_cluster_read(path, &c, err, errlen);
    if (st != GZ_OK)
        return st;
    st = gz_xap_reader_open_shards(c.shards, c.n, (unsigned)timeout, out, xerr);
    if (st != GZ_OK)
        snprintf(err, errlen, "%s: %s", path, xerr);
    gz_cluster_release(&c);
    return st;
}

bool gz_cluster_places_disagree(gz_xap_reader *r, const char *path, char *why, size_t whylen)
{
    size_t n = gz_xap_reader_nshards(r);
    for (size_t k = 0; k < n; k++) {
        char *place = NULL;
        if (gz_xap_reader_shard_metadata(r, k, GZ_META_SHARD, &place) != GZ_OK || !place)
            continue;
        char want[48];
        snprintf(want, sizeof want, "%zu/%zu", k, n);
        int differs = strcmp(place, want) != 0;
        if (differs)
            snprintf(why, whylen, "%s lists this shard as %zu of %zu, but it was placed as %s "
                     "(place/count): the stub is older than the shards (a --reshard since?), "
                     "and the articles of shards it misses are not searched", path, k, n, place);
        free(place);
        if (differs)
            return 1;
    }
    return 0;
}

/* ---- writing: each shard in its place ------------------------------------ */

/* Whether shard k holds its place of n; *empty when it holds no article
 * (then it takes any place). */
static gz_status check_place(gz_xap_writer *w, unsigned k, unsigned n, int *placed, int *empty,
                             char *recorded, size_t cap)
{
    char *v = NULL;
    unsigned long docs = 0;
    gz_status st = gz_xap_writer_get_shard_metadata(w, k, GZ_META_SHARD, &v);
    if (st == GZ_OK)
        st = gz_xap_writer_shard_doccount(w, k, &docs);
    char want[32];
    snprintf(want, sizeof want, "%u/%u", k, n);
    *placed = v && strcmp(v, want) == 0;
    *empty = docs == 0;
    snprintf(recorded, cap, "%s", v ? v : "none");
    free(v);
    return st;
}

static gz_status place_shards(gz_xap_writer *w, const char *path, int reshard, char *err,
                              size_t errlen)
{
    unsigned n = gz_xap_writer_nshards(w);
    int misplaced = 0, unplaced = 0;
    for (unsigned k = 0; k < n; k++) {
        int placed, empty;
        char recorded[64];
        gz_status st = check_place(w, k, n, &placed, &empty, recorded, sizeof recorded);
        if (st != GZ_OK) {
            snprintf(err, errlen, "%s: %s", path, gz_xap_writer_last_error(w));
            return st;
        }
        if (!placed && !empty && !reshard) {
            snprintf(err, errlen,
                     "%s: shard %u holds articles placed as shard %s (place/count), but the "
                     "stub lists it as %u of %u: articles are placed by their id over the "
                     "number of shards, so changing the list needs them moved: run "
                     "gazette-index --db %s --reshard",
                     path, k, recorded, k, n, path);
            return GZ_ERR_INVALID;
        }
        misplaced |= !placed && !empty;
        unplaced |= !placed;
    }
    if (!unplaced)
        return GZ_OK;
    unsigned long moved = 0;
    gz_status st = reshard && misplaced ? gz_xap_writer_reshard(w, GZ_PREFIX_ID, &moved)
                                        : GZ_OK;
    for (unsigned k = 0; k < n && st == GZ_OK; k++) {
        char place[32];
        snprintf(place, sizeof place, "%u/%u", k, n);
        st = gz_xap_writer_set_shard_metadata(w, k, GZ_META_SHARD, place);
    }
    if (st == GZ_OK)
        st = gz_xap_writer_commit(w);
    if (st != GZ_OK)
        snprintf(err, errlen, "%s: %s", path, gz_xap_writer_last_error(w));
    else if (moved)
        fprintf(stderr, "gazette-index: %s: moved %lu article%s to their shards\n", path, moved,
                moved == 1 ? "" : "s");
    return st;
}

/* ---- a remote shard's greeting ------------------------------------------ */

static long ms_left(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms > 0 ? ms : 0;
}

/* Connects to addr and waits for the first byte the server sends: 0, or
 * why not (an errno; ETIMEDOUT when the deadline passed, EPROTO when the
 * server hung up without a word). */
static int greeted_at(const struct addrinfo *ai, const struct timespec *deadline)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return errno;
    int why = 0;
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 ||
        (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS))
        why = errno;
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    socklen_t len = sizeof why;
    if (!why && poll(&p, 1, (int)ms_left(deadline)) != 1)
        why = ETIMEDOUT;
    if (!why && getsockopt(fd, SOL_SOCKET, SO_ERROR, &why, &len) < 0)
        why = errno;
    p.events = POLLIN;
    char byte;
    if (!why && poll(&p, 1, (int)ms_left(deadline)) != 1)
        why = ETIMEDOUT;
    if (!why && recv(fd, &byte, 1, 0) != 1)
        why = EPROTO;
    close(fd);
    return why;
}

/* A xapian-tcpsrv greets a client as soon as it connects, but Xapian waits
 * for that greeting under the writer's timeout (minutes), so a server that
 * accepts and never answers would hold the indexer that long.  The writer
 * probes each remote shard first, within the connect timeout. */
static gz_status probe_greeting(const gz_xap_shard *s, char *err, size_t errlen)
{
    char port[16];
    snprintf(port, sizeof port, "%u", s->port);
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *list = NULL;
    int gai = getaddrinfo(s->host, port, &hints, &list);
    if (gai != 0) {
        snprintf(err, errlen, "remote %s:%u: %s", s->host, s->port, gai_strerror(gai));
        return GZ_ERR_UNAVAILABLE;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += GZ_XAP_CONNECT_TIMEOUT_MS / 1000;
    int why = ETIMEDOUT;
    for (const struct addrinfo *ai = list; ai && why && ms_left(&deadline) > 0; ai = ai->ai_next)
        why = greeted_at(ai, &deadline);
    freeaddrinfo(list);
    if (why == ETIMEDOUT)
        snprintf(err, errlen, "remote %s:%u: no xapian-tcpsrv greeting within %u s (a server "
                 "busy with another writer, or not a xapian-tcpsrv?)", s->host, s->port,
                 GZ_XAP_CONNECT_TIMEOUT_MS / 1000);
    else if (why == EPROTO)
        snprintf(err, errlen, "remote %s:%u: closed the connection without a greeting (not a "
                 "xapian-tcpsrv?)", s->host, s->port);
    else if (why)
        snprintf(err, errlen, "remote %s:%u: %s", s->host, s->port, strerror(why));
    return why ? GZ_ERR_UNAVAILABLE : GZ_OK;
}

gz_status gz_cluster_open_writer(const char *path, unsigned flags, gz_xap_writer **out,
                                 char *err, size_t errlen)
{
    char xerr[GZ_XAP_ERRMAX];
    unsigned xflags = flags & ~(unsigned)GZ_CLUSTER_RESHARD;
    if (!gz_cluster_is_stub(path)) {
        gz_status st = gz_xap_writer_open(path, xflags, out, xerr);
        if (st != GZ_OK)
            snprintf(err, errlen, "%s: %s", path, xerr);
        return st;
    }
    gz_cluster c;
    gz_status st = gz_cluster_read(path, &c, err, errlen);
    if (st != GZ_OK)
        return st;
    char why[512];
    for (size_t i = 0; i < c.n && st == GZ_OK; i++)
        if (c.shards[i].host && (st = probe_greeting(&c.shards[i], why, sizeof why)) != GZ_OK)
            snprintf(err, errlen, "%s: %s", path, why);
    if (st != GZ_OK) {
        gz_cluster_release(&c);
        return st;
    }
    st = gz_xap_writer_open_shards(c.shards, c.n, xflags, out, xerr);
    if (st != GZ_OK)
        snprintf(err, errlen, "%s: %s", path, xerr);
    gz_cluster_release(&c);
    if (st == GZ_OK &&
        (st = place_shards(*out, path, (flags & GZ_CLUSTER_RESHARD) != 0, err, errlen)) != GZ_OK) {
        gz_xap_writer_destroy(*out);
        *out = NULL;
    }
    return st;
}
