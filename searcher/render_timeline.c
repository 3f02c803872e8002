/*
 * render_timeline.c - the time axis at the top of the results
 * (render_timeline.h).
 */
#include "render_timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

/* Empty months in a row from which the axis folds them into one gap. */
#define FOLD_EMPTY 6


struct axis {
    gz_strbuf *o;
    const char *script;
    const gz_cgi_request *r;
    unsigned long max;
    int days;                   /* one month's days, not months */
    gz_status st;
};

static void put(struct axis *a, const char *s)
{
    if (a->st == GZ_OK)
        a->st = gz_strbuf_addstr(a->o, s);
}

/* One column: its count, a bar of its share of the highest, its label;
 * a link that narrows the search to it when it has articles. */
static void column(struct axis *a, const char *value, const char *label, const char *spoken,
                   unsigned long count)
{
    char html[256];
    if (!count) {
        snprintf(html, sizeof html, "<li class=\"empty\"><span class=\"col\"></span>"
                 "<span class=\"lbl\">%s</span></li>", label);
        put(a, html);
        return;
    }
    gz_cgi_request narrowed = *a->r;
    narrowed.from = narrowed.to = (char *)value;
    gz_strbuf url = GZ_STRBUF_INIT;
    if (a->st == GZ_OK)
        a->st = gz_cgi_url(&url, a->script, &narrowed, GZ_URL_SET, "page", "1");
    put(a, "<li><a href=\"");
    if (a->st == GZ_OK)
        a->st = gz_html_text(a->o, gz_strbuf_str(&url));
    gz_strbuf_release(&url);
    /* read aloud as "8 articles in Jul 2024": the visible words, in order */
    snprintf(html, sizeof html, "\"><span class=\"n\">%lu</span><span class=\"sr\"> article%s in "
             "%s</span><span class=\"col\" style=\"height:%lu%%\"></span><span class=\"lbl\" "
             "aria-hidden=\"true\">%s</span></a></li>",
             count, count == 1 ? "" : "s", spoken, 8 + count * 92 / a->max, label);
    put(a, html);
}

/* The count of a month ("YYYY-MM") or day in the sorted list, from *at. */
static unsigned long count_of(const gz_facet_list *when, size_t *at, const char *key)
{
    while (*at < when->n && strcmp(when->values[*at].value, key) < 0)
        (*at)++;
    return *at < when->n && !strcmp(when->values[*at].value, key) ? when->values[*at].count : 0;
}

static void next_month(int *y, int *m)
{
    if (++*m > 12) {
        *m = 1;
        (*y)++;
    }
}

static int not_after(int y, int m, int last_y, int last_m)
{
    return y < last_y || (y == last_y && m <= last_m);
}

static void months_axis(struct axis *a, const gz_facet_list *when)
{
    const char *first = when->values[0].value, *last = when->values[when->n - 1].value;
    int first_y = atoi(first), first_m = atoi(first + 5), last_y = atoi(last), last_m = atoi(last + 5);
    size_t at = 0;
    for (int y = first_y, m = first_m; not_after(y, m, last_y, last_m);) {
        char key[16], label[96], spoken[32];
        snprintf(key, sizeof key, "%04d-%02d", y, m);
        unsigned long n = count_of(when, &at, key);
        if (!n) {       /* a long gap is folded into one marked cell */
            int gap = 0, gy = y, gm = m;
            size_t ahead = at;
            for (; not_after(gy, gm, last_y, last_m); gap++, next_month(&gy, &gm)) {
                snprintf(key, sizeof key, "%04d-%02d", gy, gm);
                if (count_of(when, &ahead, key))
                    break;
            }
            if (gap >= FOLD_EMPTY) {
                snprintf(label, sizeof label, "<li class=\"fold\"><span class=\"lbl\">&hellip; %d "
                         "months &hellip;</span></li>", gap);
                put(a, label);
                y = gy;
                m = gm;
                continue;
            }
            snprintf(key, sizeof key, "%04d-%02d", y, m);
        }
        /* the year under the first column and under each January */
        int with_year = m == 1 || (y == first_y && m == first_m);
        snprintf(label, sizeof label, with_year ? "%s<br>%d" : "%s", gz_month_abbrev(m), y);
        snprintf(spoken, sizeof spoken, "%s %d", gz_month_abbrev(m), y);
        column(a, key, label, spoken, n);
        next_month(&y, &m);
    }
}

static void days_axis(struct axis *a, const gz_facet_list *when)
{
    int y = atoi(when->values[0].value), m = atoi(when->values[0].value + 5);
    size_t at = 0;
    for (int d = 1; gz_date_is_valid(y, m, d); d++) {
        char key[32], label[16], spoken[48];
        snprintf(key, sizeof key, "%04d-%02d-%02d", y, m, d);
        snprintf(label, sizeof label, "%d", d);
        snprintf(spoken, sizeof spoken, "%d %s %d", d, gz_month_abbrev(m), y);
        column(a, key, label, spoken, count_of(when, &at, key));
    }
}

/* Two lists of the axis's months and a button: a range without script. */
static void range_form(struct axis *a, const gz_facet_list *when)
{
    static const char *const ends[][2] = {{"from", "From"}, {"to", "to"}};
    put(a, "<form class=\"range\" method=\"get\" action=\"");
    if (a->st == GZ_OK)
        a->st = gz_html_text(a->o, a->script);
    put(a, "\">");
    for (int e = 0; e < 2; e++) {
        char html[160];
        snprintf(html, sizeof html, " <label for=\"range-%s\">%s</label> <select id=\"range-%s\" "
                 "name=\"%s\">", ends[e][0], ends[e][1], ends[e][0], ends[e][0]);
        put(a, html);
        for (size_t i = 0; i < when->n; i++) {
            size_t k = e == 0 ? i : when->n - 1 - i;   /* "to" offers the last first */
            snprintf(html, sizeof html, "<option>%.10s</option>", when->values[k].value);
            put(a, html);
        }
        put(a, "</select>");
    }
    if (a->st == GZ_OK)     /* the search stays; the dates are what the form sets */
        a->st = gz_cgi_hidden_state(a->o, a->r, true, false);
    put(a, " <button type=\"submit\">Show</button></form>");
}

gz_status gz_render_timeline(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                             const gz_facet_list *when)
{
    if (!when->n || (when->n < 2 && strlen(when->values[0].value) == 7))
        return GZ_OK;
    struct axis a = {o, script, r, 1, strlen(when->values[0].value) == 10, GZ_OK};
    for (size_t i = 0; i < when->n; i++)
        if (when->values[i].count > a.max)
            a.max = when->values[i].count;
    put(&a, "<section class=\"timeline\" aria-labelledby=\"timeline-h\"><h2 id=\"timeline-h\">");
    put(&a, a.days ? "By day" : "By month");
    put(&a, "</h2><ol class=\"axis\">");
    if (a.days)
        days_axis(&a, when);
    else
        months_axis(&a, when);
    put(&a, "</ol>");
    if (!a.days)
        range_form(&a, when);
    put(&a, "</section>");
    return a.st;
}
