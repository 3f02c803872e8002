/*
 * cgi_main.c - gazette.cgi: the search page and JSON API as a CGI/1.1
 * program (RFC 3875) that any web server can run, one process per request.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cgi_serve.h"

static const char *env_var(void *ctx, const char *name)
{
    (void)ctx;
    return getenv(name);
}

int main(void)
{
    gz_cgi_site site = {0};
    gz_strbuf response = GZ_STRBUF_INIT, log = GZ_STRBUF_INIT;
    int rc = gz_cgi_answer(env_var, NULL, &site, &response, &log);
    if (log.len)
        fputs(log.buf, stderr);
    if (rc == 0)
        fwrite(response.buf, 1, response.len, stdout);
    else
        fputs("Status: 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nout of memory\n", stdout);
    fflush(stdout);
    gz_cgi_site_close(&site);
    gz_strbuf_release(&response);
    gz_strbuf_release(&log);
    return 0;
}
