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

int gz_input_getline(gz_input *in, const char **line, size_t *len)
{
    gz_strbuf_reset(&in->line);
    int got_any = 0;
    for (;;) {
        if (in->pos >= in->len) {
            if (in->eof)
                break;
            int n = refill(in);
            if (n < 0)
                return -1;
            if (n == 0)
                break;
        }
        char *start = in->buf + in->pos;
        char *nl = memchr(start, '\n', in->len - in->pos);
        size_t take = nl ? (size_t)(nl - start) : in->len - in->pos;
        if (gz_strbuf_add(&in->line, start, take) < 0) {
            snprintf(in->error, sizeof in->error, "out of memory");
            return -1;
        }
        got_any = 1;
        in->pos += take + (nl != NULL);
        if (nl)
            break;
    }
    if (!got_any)
        return 0;
    in->lineno++;
    if (in->line.len && in->line.buf[in->line.len - 1] == '\r')
        in->line.buf[--in->line.len] = '\0';
    *line = gz_strbuf_str(&in->line);
    *len = in->line.len;
    return 1;
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

off_t gz_input_offset(gz_input *in)
{
    off_t off = gzoffset(in->gz);
    return off < 0 ? 0 : off;
}
