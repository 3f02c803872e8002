/*
 * cgi_serve.c - one request to the search page or JSON API answered
 * (cgi_serve.h), for gazette.cgi and gazette.fcgi alike.
 *
 * The index comes from the server's configuration, never the request: the
 * GAZETTE_DB variable, else "db = PATH" in gazette.conf beside the program.
 * Only what the request needs is opened: the start page opens nothing, a
 * search opens the index read-only (or, kept open, refreshes it).
 */
#include "cgi_serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cgi.h"
#include "render_export.h"
#include "render_html.h"
#include "render_json.h"
#include "exe_dir.h"

#define FACET_LIMIT 12
#define FACET_LIMIT_MORE 100   /* more=1 */

struct response {
    int status;
    int json;
    const char *type;           /* of a 200 that is not the page or JSON */
    const char *attachment;     /* a file name to save it as, or NULL */
    gz_strbuf body;
};

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 414: return "URI Too Long";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

/* Does the client take gzip?  "gzip" listed, and not with q=0. */
static int accepts_gzip(const char *ae)
{
    if (!ae)
        return 0;
    const char *g = strstr(ae, "gzip");
    if (!g)
        return 0;
    const char *end = strchr(g, ',');
    const char *q = strstr(g, "q=");
    return !(q && (!end || q < end) && strtod(q + 2, NULL) == 0.0);
}

static int gzip_body(const gz_strbuf *in, gz_strbuf *out)
{
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    uLong bound = deflateBound(&z, (uLong)in->len);
    if (gz_strbuf_grow(out, bound) < 0) {
        deflateEnd(&z);
        return -1;
    }
    z.next_in = (Bytef *)(in->buf ? in->buf : "");
    z.avail_in = (uInt)in->len;
    z.next_out = (Bytef *)out->buf;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

/* The CGI response: header lines, a blank line, the body (none for HEAD). */
static int build_response(const struct response *r, int head, const char *accept_encoding,
                          gz_strbuf *out)
{
    gz_strbuf packed = GZ_STRBUF_INIT;
    int gzipped = accepts_gzip(accept_encoding) && gzip_body(&r->body, &packed) == 0;
    const gz_strbuf *body = gzipped ? &packed : &r->body;
    int rc = gz_strbuf_addf(out, "Status: %d %s\r\n", r->status, reason(r->status)) |
             gz_strbuf_addf(out, "Content-Type: %s; charset=utf-8\r\n",
                            r->status == 200 && r->type ? r->type
                            : r->json ? "application/json" : "text/html") |
             (r->status == 200 && r->attachment
                  ? gz_strbuf_addf(out, "Content-Disposition: attachment; filename=\"%s\"\r\n",
                                   r->attachment) : 0) |
             /* No scripts, no external anything; inline CSS only (the page is one file). */
             gz_strbuf_addf(out, "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
                       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n") |
             gz_strbuf_addf(out, "X-Content-Type-Options: nosniff\r\n") |
             gz_strbuf_addf(out, "Referrer-Policy: no-referrer\r\n") |
             gz_strbuf_addf(out, "Cache-Control: %s\r\n", r->status == 200 ? "public, max-age=60" : "no-store") |
             gz_strbuf_addf(out, "Vary: Accept-Encoding\r\n") |
             (r->status == 405 ? gz_strbuf_addf(out, "Allow: GET, HEAD\r\n") : 0) |
             (gzipped ? gz_strbuf_addf(out, "Content-Encoding: gzip\r\n") : 0) |
             gz_strbuf_addf(out, "Content-Length: %zu\r\n\r\n", body->len) |
             (head ? 0 : gz_strbuf_add(out, body->buf ? body->buf : "", body->len));
    gz_strbuf_release(&packed);
    return rc ? -1 : 0;
}

static void error_response(struct response *r, const char *script, const gz_cgi_request *req,
                           int status, const char *msg)
{
    r->status = status;
    gz_strbuf_reset(&r->body);
    if (r->json) {
        json_t *o = json_pack("{s:s,s:i}", "error", msg, "status", status);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        gz_strbuf_addstr(&r->body, text ? text : "{\"error\":\"out of memory\"}");
        gz_strbuf_addch(&r->body, '\n');
        free(text);
        json_decref(o);
    } else {
        gz_render_error_page(&r->body, script, req, status, msg);
    }
}

/* The index path: GAZETTE_DB from the server (a CGI variable, or the
 * process environment a FastCGI server started us with: lighttpd's
 * bin-environment, spawn-fcgi), else "db = PATH" in SYSCONFDIR/gazette.conf,
 * else in gazette.conf beside the program. */
#ifndef GAZETTE_SYSCONFDIR
#define GAZETTE_SYSCONFDIR "/usr/local/etc"     /* the Makefile sets it */
#endif

static int index_path(gz_cgi_var_fn var, void *ctx, char *buf, size_t cap)
{
    const char *env = var(ctx, "GAZETTE_DB");
    if (!env || !*env)
        env = getenv("GAZETTE_DB");
    if (env && *env)
        return snprintf(buf, cap, "%s", env) < (int)cap ? 0 : -1;
    /* installed: SYSCONFDIR/gazette.conf; in the source tree (make serve,
     * the tests): gazette.conf beside the program */
    char conf[PATH_MAX + 16];
    FILE *f = fopen(GAZETTE_SYSCONFDIR "/gazette.conf", "r");
    if (!f && gz_exe_dir(conf, PATH_MAX) == 0 && strlen(conf) + 13 < sizeof conf) {
        strcat(conf, "gazette.conf");
        f = fopen(conf, "r");
    }
    if (!f)
        return -1;
    char line[PATH_MAX + 16];
    int rc = -1;
    while (rc < 0 && fgets(line, sizeof line, f)) {
        char *v = line;
        while (*v == ' ')
            v++;
        if (strncmp(v, "db", 2) != 0)
            continue;
        v += 2;
        while (*v == ' ' || *v == '=')
            v++;
        v[strcspn(v, "\r\n")] = '\0';
        if (*v)
            rc = snprintf(buf, cap, "%s", v) < (int)cap ? 0 : -1;
    }
    fclose(f);
    return rc;
}

static const char *label_of(void *ctx, const char *code)
{
    return gz_searcher_country_label(ctx, code);
}

static const char *program_of(const gz_cgi_site *site)
{
    return site->program ? site->program : "gazette.cgi";
}

/* The site's searcher for path: kept from an earlier request when it is
 * the same index (refreshed to its latest commit), else opened. */
static gz_searcher *searcher_for(gz_cgi_site *site, const char *path, gz_strbuf *log)
{
    char err[1024];
    if (site->searcher && strcmp(site->path, path) == 0 &&
        gz_searcher_refresh(site->searcher, err, sizeof err) == GZ_OK)
        return site->searcher;
    if (site->searcher)
        gz_strbuf_addf(log, "%s: reopening %s\n", program_of(site), path);
    gz_cgi_site_close(site);
    if (gz_searcher_open(path, &site->searcher, err, sizeof err) != GZ_OK) {
        /* the message names the path: keep it in the server's log, not the page */
        gz_strbuf_addf(log, "%s: %s\n", program_of(site), err);
        return NULL;
    }
    snprintf(site->path, sizeof site->path, "%s", path);
    return site->searcher;
}

/* Every article of the search (uncollapsed: an export lists articles),
 * page after page, up to GZ_EXPORT_MAX. */
static void export_all(struct response *resp, const char *script, const gz_cgi_request *r,
                       gz_searcher *s, gz_search_request *req, gz_strbuf *log)
{
    int csv = r->output == GZ_CGI_CSV;
    char err[1024];
    req->facets = req->snippets = 0;
    req->expand_docs = 0;
    req->no_help = 1;           /* an empty export is an empty file */
    req->no_collapse = 1;
    req->limit = 100;
    gz_status st = csv ? gz_export_csv_header(&resp->body) : GZ_OK;
    for (req->offset = 0; st == GZ_OK && req->offset < GZ_EXPORT_MAX; req->offset += req->limit) {
        gz_search_result res;
        if ((st = gz_searcher_run(s, req, &res, err, sizeof err)) != GZ_OK)
            break;
        st = csv ? gz_export_csv_rows(&resp->body, &res) : gz_export_jsonl_rows(&resp->body, &res);
        size_t got = res.nhits;
        gz_search_result_release(&res);
        if (got < req->limit)
            break;
    }
    if (st == GZ_ERR_INVALID) {
        error_response(resp, script, r, 400, err);
    } else if (st != GZ_OK) {
        gz_strbuf_addf(log, "%s: export: %s\n", "gazette", err);
        error_response(resp, script, r, gz_status_http(st), "the export failed; please try again");
    } else {
        resp->status = 200;
        resp->type = csv ? "text/csv" : "application/x-ndjson";
        resp->attachment = csv ? "gazette-search.csv" : "gazette-search.jsonl";
    }
}

/* The absolute address of this program, for a feed's links. */
static gz_status base_url(gz_cgi_var_fn var, void *ctx, const char *script, gz_strbuf *out)
{
    const char *host = var(ctx, "HTTP_HOST");
    if (!host || !*host)
        host = var(ctx, "SERVER_NAME");
    const char *https = var(ctx, "HTTPS");
    int secure = https && *https && strcmp(https, "off") != 0;
    return gz_strbuf_addf(out, "%s://%s%s", secure ? "https" : "http",
                          host && *host ? host : "localhost", script);
}

static gz_status feed(struct response *resp, const char *script, const gz_cgi_request *r,
                      gz_cgi_var_fn var, void *ctx, const gz_search_result *res)
{
    gz_strbuf base = GZ_STRBUF_INIT, self = GZ_STRBUF_INIT, page = GZ_STRBUF_INIT,
              view = GZ_STRBUF_INIT, title = GZ_STRBUF_INIT;
    gz_cgi_request search = *r;
    search.page = 1;
    search.sort = GZ_SORT_DATE;
    int rc = base_url(var, ctx, script, &base) |
             gz_cgi_url(&page, gz_strbuf_str(&base), &search, GZ_URL_SAME, NULL, NULL);
    const char *sep = strchr(gz_strbuf_str(&page), '?') ? "&" : "?";
    rc |= gz_strbuf_addf(&self, "%s%sformat=atom", gz_strbuf_str(&page), sep) |
          gz_strbuf_addf(&view, "%s?", gz_strbuf_str(&base)) |   /* an article's id, whatever the feed */
          gz_strbuf_addf(&title, "Gazette: %s", *r->q ? r->q : "filtered articles");
    gz_feed_links links = {gz_strbuf_str(&self), gz_strbuf_str(&page), gz_strbuf_str(&view)};
    gz_status st = rc ? GZ_ERR_NOMEM : gz_render_atom(&resp->body, gz_strbuf_str(&title), &links, res);
    resp->type = "application/atom+xml";
    gz_strbuf *all[] = {&base, &self, &page, &view, &title};
    for (size_t i = 0; i < 5; i++)
        gz_strbuf_release(all[i]);
    return st;
}

static void search(struct response *resp, const char *script, const gz_cgi_request *r,
                   gz_cgi_var_fn var, void *ctx, gz_cgi_site *site, gz_strbuf *log)
{
    char path[PATH_MAX], err[1024];
    if (index_path(var, ctx, path, sizeof path) < 0) {
        error_response(resp, script, r, 503, "search is not configured on this server (GAZETTE_DB)");
        return;
    }
    gz_searcher *s = searcher_for(site, path, log);
    if (!s) {
        error_response(resp, script, r, 503, "the news index is not available right now");
        return;
    }
    gz_filter filters[4 * GZ_CGI_MAX_FILTERS + 1];
    size_t nfilters = gz_cgi_filters(r, filters, 4 * GZ_CGI_MAX_FILTERS);
    char range[64];
    if (r->from || r->to) {
        snprintf(range, sizeof range, "%s..%s", r->from ? r->from : "", r->to ? r->to : "");
        filters[nfilters++] = (gz_filter){"date", range};
    }
    gz_search_request req = {
        .query = r->q, .offset = (r->page - 1) * r->n, .limit = r->n,
        GZ_RANKING_DEFAULTS, .sort = r->sort,
        .facets = 1, .facet_limit = r->more ? FACET_LIMIT_MORE : FACET_LIMIT,
        .facet_sample = GZ_FACET_SAMPLE,
        .snippets = 1,
        .filters = filters, .nfilters = nfilters,
        .no_collapse = r->no_collapse, .like_id = r->like,
    };
    if (r->plain)
        req.expand_docs = 0;
    /* one month: its timeline counts days */
    req.facet_days = r->from && r->to && !strcmp(r->from, r->to) && strlen(r->from) == 7;
    if (r->id) {        /* the article view: that article alone, its words marked */
        req.show_id = r->id;
        req.offset = 0;
        req.limit = 1;
        req.facets = 0;
        req.nfilters = 0;
        req.no_collapse = 1;
        req.like_id = NULL;
    }
    if (r->output == GZ_CGI_CSV || r->output == GZ_CGI_JSONL) {
        export_all(resp, script, r, s, &req, log);
        return;
    }
    if (r->output == GZ_CGI_ATOM) {     /* a feed follows what is new */
        req.sort = GZ_SORT_DATE;
        req.offset = 0;
        req.limit = GZ_FEED_ENTRIES;
        req.facets = 0;
        req.expand_docs = 0;
    }
    gz_search_result res;
    gz_status st = gz_searcher_run(s, &req, &res, err, sizeof err);
    if (st == GZ_OK && r->id && res.nhits == 0) {
        gz_search_result_release(&res);
        error_response(resp, script, r, 404, "no article in the archive has this id");
        return;
    }
    if (st == GZ_ERR_INVALID) {
        error_response(resp, script, r, gz_status_http(st), err);
    } else if (st != GZ_OK) {
        gz_strbuf_addf(log, "%s: %s\n", program_of(site), err);
        error_response(resp, script, r, gz_status_http(st), st == GZ_ERR_NOMEM
                       ? "the server ran out of memory; please try again"
                       : "the search failed; please try again");
    } else {
        resp->status = 200;
        if (r->output == GZ_CGI_ATOM) {
            if (feed(resp, script, r, var, ctx, &res) != GZ_OK)
                error_response(resp, script, r, 500, gz_status_to_string(GZ_ERR_NOMEM));
        } else if (gz_cgi_json(r)) {
            json_t *o = gz_result_to_json(&req, &res);
            char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
            if (!text || gz_strbuf_addstr(&resp->body, text) < 0 || gz_strbuf_addch(&resp->body, '\n') < 0)
                error_response(resp, script, r, 500, gz_status_to_string(GZ_ERR_NOMEM));
            free(text);
            json_decref(o);
        } else if (gz_render_page(&resp->body, script, r, &res, label_of, s) != 0) {
            error_response(resp, script, r, 500, gz_status_to_string(GZ_ERR_NOMEM));
        }
        gz_search_result_release(&res);
    }
}

void gz_cgi_site_close(gz_cgi_site *site)
{
    gz_searcher_close(site->searcher);
    site->searcher = NULL;
    site->path[0] = '\0';
}

gz_status gz_cgi_answer(gz_cgi_var_fn var, void *ctx, gz_cgi_site *site, gz_strbuf *response,
                  gz_strbuf *log)
{
    const char *script = var(ctx, "SCRIPT_NAME");
    if (!script || !*script)
        script = "gazette.cgi";
    struct response resp = {.status = 200};
    gz_cgi_request r;
    char err[512];
    const char *qs = var(ctx, "QUERY_STRING");
    int status = gz_cgi_parse(var(ctx, "REQUEST_METHOD"), qs, &r, err, sizeof err);
    resp.json = status ? qs && strstr(qs, "format=json") != NULL : gz_cgi_json(&r);
    int any_filter = r.ncountries || r.npeople || r.norgs || r.nsources || r.from || r.to || r.like ||
                     r.id;
    const char *extra = var(ctx, "PATH_INFO");
    if (!status && extra && *extra) {
        /* "/gazette.cgi/anything" is no page of ours (and relative links
         * from it would nest deeper with every click) */
        status = 404;
        snprintf(err, sizeof err, "no such page: the search page is %s", script);
    }
    if (status)     /* the page keeps what the user typed, when it was read */
        error_response(&resp, script, status == 400 ? &r : NULL, status, err);
    else if (!*r.q && !any_filter && !gz_cgi_json(&r))
        gz_render_page(&resp.body, script, &r, NULL, NULL, NULL);   /* start page: no index needed */
    else if (!*r.q && !any_filter)
        error_response(&resp, script, &r, 400,
                       "give q (a query) or a filter: country, person, org, source, from, to");
    else
        search(&resp, script, &r, var, ctx, site, log);
    int rc = build_response(&resp, r.head, var(ctx, "HTTP_ACCEPT_ENCODING"), response);
    gz_cgi_release(&r);
    gz_strbuf_release(&resp.body);
    return rc;
}
