/*
 * fuzz_reader.c - libFuzzer target for one corpus reader (FUZZ_FORMAT: text,
 * jsonl, sgml, html, feed or warc, set at build time; `make fuzz`).  The input is a file's
 * bytes, gzip'd or not; every article must come out valid UTF-8, with a
 * title, a body within the size limit and an id the index can store.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "article.h"
#include "reader.h"
#include "utf8.h"

static void ignore(void *ctx, const char *file, long line, const char *msg)
{
    (void)ctx;
    (void)file;
    (void)line;
    (void)msg;
}

static void check(const gz_article *a)
{
    const char *fields[] = {a->id, a->title, a->body, a->url, a->source};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i] && gz_utf8_invalid_at(fields[i], strlen(fields[i])) >= 0)
            abort();
    if (!a->id || !*a->id || strlen(a->id) > GZ_ID_MAX_BYTES || !a->title || !a->body ||
        strlen(a->body) > 4096 || (a->date[0] && strlen(a->date) != 10))
        abort();
}

/* libFuzzer calls this once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    gz_reader *r;
    char err[256];
    if (gz_reader_open(path, FUZZ_FORMAT, 0, ignore, NULL, &r, err, sizeof err) == GZ_OPEN_OK) {
        gz_reader_set_max_body(r, 4096);      /* small, so that the cut is exercised */
        gz_article a = {0};
        while (gz_reader_next(r, &a) == GZ_OK) {
            check(&a);
            gz_article_clear(&a);
        }
        gz_article_clear(&a);
        gz_reader_close(r);
    }
    close(fd);
    return 0;
}
