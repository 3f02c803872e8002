/*
 * fcgi_main.c - gazette.fcgi: the same search page and JSON API as
 * gazette.cgi, as a FastCGI responder (libfcgi) that a web server starts
 * once and sends request after request.  The index stays open between
 * requests and is refreshed to the indexer's latest commit before each
 * search, so a request costs no process start and no index open.
 */
#include <fcgiapp.h>
#include <stdio.h>

#include "cgi_serve.h"

static const char *fcgi_var(void *ctx, const char *name)
{
    return FCGX_GetParam(name, ctx);
}

int main(void)
{
    if (FCGX_Init() != 0 || FCGX_IsCGI()) {
        fputs("gazette.fcgi: not started by a FastCGI server (run gazette.cgi for CGI)\n", stderr);
        return 1;
    }
    FCGX_Request req;
    if (FCGX_InitRequest(&req, 0, 0) != 0)
        return 1;
    gz_cgi_site site = {.program = "gazette.fcgi"};
    gz_strbuf response = GZ_STRBUF_INIT, log = GZ_STRBUF_INIT;
    while (FCGX_Accept_r(&req) >= 0) {
        gz_strbuf_reset(&response);
        gz_strbuf_reset(&log);
        if (gz_cgi_answer(fcgi_var, req.envp, &site, &response, &log) == 0)
            FCGX_PutStr(response.buf, (int)response.len, req.out);
        else
            FCGX_FPrintF(req.out, "Status: 500 Internal Server Error\r\n"
                                  "Content-Type: text/plain\r\n\r\nout of memory\n");
        if (log.len)
            FCGX_PutStr(log.buf, (int)log.len, req.err);
        FCGX_Finish_r(&req);
    }
    gz_cgi_site_close(&site);
    gz_strbuf_release(&response);
    gz_strbuf_release(&log);
    return 0;
}
