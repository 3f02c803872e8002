/*
 * input.c - buffered line reading over zlib (input.h).
 */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (128 * 1024)

struct gz_input {
    gzFile gz;
    char *name;
    long lineno;
    gz_strbuf line;
    char buf[CHUNK];
    size_t pos, len;
    int eof;
    int after_cr;       /* the last line ended with '\r' */
    size_t max_line;    /* bytes of a line kept; the rest is dropped */
    size_t line_cut;    /* bytes dropped from the line last returned */
    char error[256];
};

gz_input *gz_input_open(const char *path, char *err, size_t errlen)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", is_stdin ? "<stdin>" : path, strerror(errno));
        return NULL;
    }
    gz_input *in = calloc(1, sizeof *in);
    if (in)
        in->name = strdup(is_stdin ? "<stdin>" : path);
    if (!in || !in->name || !(in->gz = gzdopen(fd, "rb"))) {
        snprintf(err, errlen, "%s: out of memory", path);
        close(fd);
        if (in)
            free(in->name);
        free(in);
        return NULL;
    }
    gzbuffer(in->gz, CHUNK);
    in->max_line = GZ_INPUT_MAX_LINE;
    return in;
}

void gz_input_close(gz_input *in)
{
    if (!in)
        return;
    gzclose(in->gz);
    gz_strbuf_release(&in->line);
    free(in->name);
    free(in);
}

/* Refills buf; returns bytes read, 0 at the end, -1 on error. */
static int refill(gz_input *in)
{
    int n = gzread(in->gz, in->buf, CHUNK);
    int errnum = 0;
    const char *msg = gzerror(in->gz, &errnum);
    /* Data that came before a truncation is delivered first; the error
     * shows on the next call, which reads nothing. */
    if (n < 0 || (n == 0 && errnum != Z_OK && errnum != Z_STREAM_END)) {
        if (errnum == Z_BUF_ERROR)
            msg = "truncated gzip data (unexpected end of file)";
        else if (errnum == Z_ERRNO)
            msg = strerror(errno);
        snprintf(in->error, sizeof in->error, "%s", msg);
        return -1;
    }
    in->pos = 0;
    in->len = (size_t)n;
    if (n == 0)
        in->eof = 1;
    return n;
}

/* The next stretch of buf up to a line break: how many bytes, and the
 * break ('\n', '\r', or 0 when the buffer ends first). */
static size_t scan_line(const char *start, size_t avail, char *brk)
{
    const char *nl = memchr(start, '\n', avail);
    size_t limit = nl ? (size_t)(nl - start) : avail;
    const char *cr = memchr(start, '\r', limit);
    *brk = cr ? '\r' : nl ? '\n' : 0;
    return cr ? (size_t)(cr - start) : limit;
}

/* NUL bytes would cut the line short wherever it is used as a C string:
 * they are dropped (old files padded with them, UTF-16 read as bytes). */
static void drop_nuls(gz_strbuf *line)
{
    char *out = line->len ? memchr(line->buf, '\0', line->len) : NULL;
    if (!out)
        return;
    for (const char *p = out; p < line->buf + line->len; p++)
        if (*p)
            *out++ = *p;
    line->len = (size_t)(out - line->buf);
    line->buf[line->len] = '\0';
}

/* Makes the next byte available at in->pos, past the "\n" of a "\r\n"
 * that ended the last line ("\r\n" is one break, however the buffer splits
 * it): 1, 0 at the end, -1 on a read error. */
static int next_byte(gz_input *in)
{
    for (;;) {
        if (in->pos >= in->len) {
            if (in->eof)
                return 0;
            int n = refill(in);
            if (n <= 0)
                return n;
        }
        if (!in->after_cr)
            return 1;
        in->after_cr = 0;
        if (in->buf[in->pos] == '\n')
            in->pos++;
    }
}

gz_status gz_input_getline(gz_input *in, const char **line, size_t *len)
{
    gz_strbuf_reset(&in->line);
    in->line_cut = 0;
    int got_any = 0;
    for (;;) {
        int more = next_byte(in);
        if (more < 0)
            return GZ_ERR_IO;
        if (more == 0)
            break;
        char brk;
        size_t take = scan_line(in->buf + in->pos, in->len - in->pos, &brk);
        /* A line with no end (a gzip bomb of zeros, a file of one line)
         * must not take all memory: past the cap it is counted, not kept. */
        size_t keep = in->line.len >= in->max_line ? 0
                    : take < in->max_line - in->line.len ? take : in->max_line - in->line.len;
        in->line_cut += take - keep;
        if (gz_strbuf_add(&in->line, in->buf + in->pos, keep) < 0) {
            snprintf(in->error, sizeof in->error, "%s", gz_status_to_string(GZ_ERR_NOMEM));
            return GZ_ERR_NOMEM;
        }
        got_any = 1;
        in->pos += take + (brk != 0);
        in->after_cr = brk == '\r';
        if (brk)
            break;
    }
    if (!got_any)
        return GZ_DONE;
    if (in->lineno++ == 0 && in->line.len >= 3 && memcmp(in->line.buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(in->line.buf, in->line.buf + 3, in->line.len - 2);   /* a UTF-8 byte order mark */
        in->line.len -= 3;
    }
    drop_nuls(&in->line);
    *line = gz_strbuf_str(&in->line);
    *len = in->line.len;
    return GZ_OK;
}

void gz_input_set_max_line(gz_input *in, size_t bytes)
{
    in->max_line = bytes;
}

size_t gz_input_max_line(const gz_input *in)
{
    return in->max_line;
}

size_t gz_input_line_cut(const gz_input *in)
{
    return in->line_cut;
}

long gz_input_lineno(const gz_input *in)
{
    return in->lineno;
}

const char *gz_input_name(const gz_input *in)
{
    return in->name;
}

const char *gz_input_error(const gz_input *in)
{
    return in->error;
}

gz_status gz_input_read(gz_input *in, gz_strbuf *out, size_t n, size_t *got)
{
    *got = 0;
    while (*got < n) {
        int more = next_byte(in);
        if (more < 0)
            return GZ_ERR_IO;
        if (more == 0)
            break;
        size_t take = in->len - in->pos < n - *got ? in->len - in->pos : n - *got;
        if (out && gz_strbuf_add(out, in->buf + in->pos, take) < 0)
            return GZ_ERR_NOMEM;
        in->pos += take;
        *got += take;
    }
    return *got || !n ? GZ_OK : GZ_DONE;
}

off_t gz_input_offset(gz_input *in)
{
    off_t off = gzoffset(in->gz);
    return off < 0 ? 0 : off;
}
