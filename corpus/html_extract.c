/*
 * html_extract.c - which part of a page is the article (html_int.h).
 *
 * The approach of Arc90's Readability, which browsers' reader views still
 * use: every paragraph scores its parent and grandparents by its length
 * and commas, an element's class and id say whether it looks like content
 * ("article", "story") or furniture ("share", "related", "comment"), a
 * score shrinks with the share of its text in links, and the best element
 * is the article, with those of its siblings that score well or read as
 * prose.  Inside it, furniture, lists of links and captions are left out.
 */
#include "html_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How strict an attempt is: Readability's flags.  A page whose article
 * sits in a box named like furniture ("wrapper header-style-2") gives too
 * little text with all of them, and is read again with fewer. */
struct attempt {
    int strip_unlikely;     /* leave out what class and id call furniture */
    int weigh_classes;      /* let class and id add or take points */
    int clean;              /* inside the article, leave out boxes of links */
    const char *title;      /* the headline, not repeated in the text */
};

/* Per element, kept in libxml2's node->_private while extracting. */
struct stats {
    double score;
    int scored;             /* a candidate: has a content score */
    int weight;             /* from class and id */
    int unlikely;           /* furniture: never content */
    size_t text;            /* characters of visible text, spaces not counted */
    size_t link_text;       /* of them, inside links */
    int commas;
};

static struct stats *st(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE ? n->_private : NULL;
}

/* Does the lower-cased class + id hold one of the words? */
static bool mentions(const char *hay, const char *const *words)
{
    for (; *words; words++)
        if (strstr(hay, *words))
            return true;
    return false;
}

static const char *const FURNITURE[] = {
    "-ad-", "ad-break", "agegate", "ai2html", "banner", "breadcrumb", "combx", "comment",
    "community", "consent", "cookie", "cover-wrap", "disqus", "extra", "footer", "gdpr",
    "header", "legends", "menu", "most-popular", "newsletter", "pagination", "pager", "popup",
    "promo", "recommend", "related", "remark", "replies", "rss", "share", "shoutbox", "sidebar",
    "signup", "skyscraper", "social", "sponsor", "subscribe", "supplemental", "trending",
    "yom-remote", "caption", "byline", "author-info", "toolbar", "widget", "outbrain",
    "taboola", "paywall", "print-only", NULL};
static const char *const MAYBE_CONTENT[] = {"and", "article", "body", "column", "content",
                                            "main", "shadow", NULL};
static const char *const NEGATIVE[] = {
    "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "caption",
    "byline", "newsletter", "subscribe", NULL};
static const char *const POSITIVE[] = {"article", "body", "content", "entry", "hentry",
                                       "h-entry", "main", "page", "post", "text", "blog",
                                       "story", NULL};
static const char *const FURNITURE_TAGS[] = {"nav", "aside", "footer", "figure", "figcaption",
                                             "header", "menu", NULL};
static const char *const FURNITURE_ROLES[] = {"menu", "menubar", "complementary",
                                              "navigation", "alert", "alertdialog", "dialog",
                                              "banner", "contentinfo", NULL};

/* class and id, lower-cased, as one string (malloc'd; "" when none). */
static char *class_and_id(const xmlNode *n)
{
    char *c = gz_html_attr(n, "class"), *i = gz_html_attr(n, "id");
    size_t lc = c ? strlen(c) : 0, li = i ? strlen(i) : 0;
    char *s = malloc(lc + li + 2);
    if (s) {
        snprintf(s, lc + li + 2, "%s %s", c ? c : "", i ? i : "");
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    xmlFree(c);
    xmlFree(i);
    return s;
}

static void judge(const xmlNode *n, struct stats *s, const struct attempt *at)
{
    char *ci = class_and_id(n);
    if (ci && at->weigh_classes)
        s->weight = (mentions(ci, NEGATIVE) ? -25 : 0) + (mentions(ci, POSITIVE) ? 25 : 0);
    if (ci && at->strip_unlikely)
        s->unlikely = mentions(ci, FURNITURE) && !mentions(ci, MAYBE_CONTENT) &&
                      strcmp(gz_html_tag(n), "body") != 0 && strcmp(gz_html_tag(n), "article") != 0;
    free(ci);
    char *role = gz_html_attr(n, "role");
    if (role) {
        for (char *p = role; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        const char *const *r = FURNITURE_ROLES;
        while (*r && strcmp(role, *r) != 0)
            r++;
        s->unlikely |= *r != NULL;
    }
    xmlFree(role);
    s->unlikely |= gz_html_tag_in(n, FURNITURE_TAGS);
}

/* ---- statistics -------------------------------------------------------- */

static size_t count_elements(const xmlNode *n)
{
    size_t k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            k += 1 + count_elements(c);
    return k;
}

static void count_text(const char *s, struct stats *to, int in_link)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (isspace(ch) || (ch & 0xC0) == 0x80)     /* characters, not bytes */
            continue;
        to->text++;
        to->link_text += in_link;
        to->commas += ch == ',';
    }
}

/* Fills the statistics of n's subtree from the array at *next. */
static void measure(xmlNode *n, struct stats **next, int in_link, const struct attempt *at)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && n->_private)
                count_text((const char *)c->content, n->_private, in_link);
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        struct stats *s = (*next)++;
        c->_private = s;
        if (gz_html_never_text(c)) {
            s->unlikely = 1;
            measure(c, next, in_link, at);  /* its elements still need theirs */
            s->text = s->link_text = 0;
            s->commas = 0;
            continue;
        }
        judge(c, s, at);
        measure(c, next, in_link || strcmp(gz_html_tag(c), "a") == 0, at);
        struct stats *p = n->_private;
        if (p) {
            p->text += s->text;
            p->link_text += s->link_text;
            p->commas += s->commas;
        }
    }
}

static void forget(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        c->_private = NULL;
        forget(c);
    }
}

static double link_density(const struct stats *s)
{
    return s->text ? (double)s->link_text / (double)s->text : 0;
}

/* ---- scoring ----------------------------------------------------------- */

static int tag_bonus(const xmlNode *n)
{
    static const char *const plus5[] = {"div", "article", "main", "section", NULL};
    static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
    static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", "form", NULL};
    static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
    return gz_html_tag_in(n, plus5) ? 5 : gz_html_tag_in(n, plus3) ? 3 : gz_html_tag_in(n, minus3) ? -3
         : gz_html_tag_in(n, minus5) ? -5 : 0;
}

static bool has_block_child(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (gz_html_is_block(c) && !gz_html_never_text(c))
            return true;
    return false;
}

/* A paragraph: <p>, <pre>, <td>, or a container of text with no blocks. */
static bool is_paragraph(const xmlNode *n)
{
    static const char *const paras[] = {"p", "pre", "td", NULL};
    static const char *const boxes[] = {"div", "section", "article", "span", "font", NULL};
    return gz_html_tag_in(n, paras) || (gz_html_tag_in(n, boxes) && !has_block_child(n));
}

/* Each paragraph scores its ancestors, less with each level up. */
static void score_paragraph(xmlNode *n)
{
    const struct stats *s = st(n);
    if (s->text < 25)
        return;
    double points = 1 + s->commas + (s->text / 100 < 3 ? (double)(s->text / 100) : 3);
    xmlNode *a = n->parent;
    for (int level = 0; a && a->type == XML_ELEMENT_NODE && level < 5; level++, a = a->parent) {
        struct stats *as = st(a);
        if (!as)
            break;
        if (!as->scored) {
            as->scored = 1;
            as->score = tag_bonus(a) + as->weight;
        }
        as->score += points / (level == 0 ? 1 : level == 1 ? 2 : level * 3);
    }
}

static void score_all(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || st(c)->unlikely)
            continue;
        if (is_paragraph(c))
            score_paragraph(c);
        score_all(c);
    }
}

static double final_score(const xmlNode *n)
{
    const struct stats *s = st(n);
    return s && s->scored ? s->score * (1 - link_density(s)) : 0;
}

#define TOP_CANDIDATES 5

/* The best-scoring candidates, best first. */
static void rank_candidates(xmlNode *n, xmlNode *top[TOP_CANDIDATES])
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || st(c)->unlikely)
            continue;
        if (st(c)->scored) {
            double f = final_score(c);
            int k = TOP_CANDIDATES;
            while (k > 0 && (!top[k - 1] || final_score(top[k - 1]) < f))
                k--;
            if (k < TOP_CANDIDATES) {
                memmove(top + k + 1, top + k, (TOP_CANDIDATES - k - 1) * sizeof *top);
                top[k] = c;
            }
        }
        rank_candidates(c, top);
    }
}

static bool is_body(const xmlNode *n)
{
    return !n || n->type != XML_ELEMENT_NODE || strcmp(gz_html_tag(n), "body") == 0;
}

static bool has_ancestor(const xmlNode *n, const xmlNode *a)
{
    for (n = n->parent; n; n = n->parent)
        if (n == a)
            return true;
    return false;
}

/* An article in chunks (paragraphs in boxes between advertisements) makes
 * several good candidates: their common ancestor is the article.  Then an
 * ancestor that scores better, and one that holds nothing else, is. */
static xmlNode *widen(xmlNode *top[TOP_CANDIDATES])
{
    xmlNode *best = top[0];
    double score = final_score(best);
    int close = 0;
    for (int i = 1; i < TOP_CANDIDATES && top[i]; i++)
        close += final_score(top[i]) >= 0.75 * score;
    if (close >= 3) {
        for (xmlNode *a = best->parent; !is_body(a); a = a->parent) {
            int holding = 0;
            for (int i = 1; i < TOP_CANDIDATES && top[i]; i++)
                holding += final_score(top[i]) >= 0.75 * score && has_ancestor(top[i], a);
            if (holding >= 3) {
                best = a;
                break;
            }
        }
    }
    double last = final_score(best), floor = last / 3;
    for (xmlNode *a = best->parent; !is_body(a); a = a->parent) {
        if (!st(a) || !st(a)->scored)
            continue;
        double s = final_score(a);
        if (s < floor)
            break;
        if (s > last) {
            best = a;
            break;
        }
        last = s;
    }
    while (!is_body(best->parent) && xmlChildElementCount(best->parent) == 1)
        best = best->parent;
    return best;
}

/* ---- the text ---------------------------------------------------------- */

/* Inside the article: furniture, and boxes that are mostly links or too
 * poor in text to be prose (Readability's "conditional clean"). */
/* Letters and digits of s, lower-cased, compared with t's. */
static bool same_words(const char *s, const char *t)
{
    for (;;) {
        while (*s && !isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80))
            s++;
        while (*t && !isalnum((unsigned char)*t) && !((unsigned char)*t & 0x80))
            t++;
        if (!*s || !*t)
            return !*s && !*t;
        if (tolower((unsigned char)*s++) != tolower((unsigned char)*t++))
            return false;
    }
}

/* The page's headline as a heading of the text: it is the title already. */
static bool repeats_title(const xmlNode *n, const char *title)
{
    static const char *const heads[] = {"h1", "h2", NULL};
    if (!title || !gz_html_tag_in(n, heads))
        return false;
    xmlChar *text = xmlNodeGetContent((xmlNode *)n);
    bool same = text && same_words((const char *)text, title);
    xmlFree(text);
    return same;
}

static bool left_out(const xmlNode *n, void *ctx)
{
    const struct attempt *at = ctx;
    const struct stats *s = st(n);
    if (!s || s->unlikely)
        return s != NULL;
    if (repeats_title(n, at->title))
        return true;
    if (!at->clean)
        return false;
    double ld = link_density(s);
    /* a headline or a line that is all link: another story's */
    if (gz_html_is_block(n) && s->text && ld >= 0.9)
        return true;
    static const char *const boxes[] = {"ul", "ol", "table", "div", "section", "dl", "article",
                                        NULL};
    if (!gz_html_tag_in(n, boxes))
        return false;
    if (s->weight < 0)
        return true;
    if (s->commas >= 10)
        return false;
    return (s->weight < 25 && ld > 0.2 && s->text < 400) || ld > 0.5;
}

/* A sibling of the best element that belongs to the article too. */
static bool sibling_belongs(const xmlNode *c, double threshold)
{
    const struct stats *s = st(c);
    if (!s || s->unlikely)
        return false;
    if (s->scored && s->score * (1 - link_density(s)) >= threshold)
        return true;
    if (strcmp(gz_html_tag(c), "p") != 0)
        return false;
    double ld = link_density(s);
    if (s->text > 80)
        return ld < 0.25;
    xmlChar *t = xmlNodeGetContent((xmlNode *)c);
    bool sentence = t && s->text > 0 && ld == 0 && strstr((const char *)t, ". ");
    xmlFree(t);
    return sentence;
}

static gz_status collect(xmlNode *best, double best_score, const struct attempt *at,
                         gz_strbuf *out)
{
    double threshold = best_score * 0.2 > 10 ? best_score * 0.2 : 10;
    xmlNode *parent = best->parent;
    gz_status rc = GZ_OK;
    void *ctx = (void *)at;
    if (!parent || parent->type != XML_ELEMENT_NODE)
        return gz_html_text_of(best, left_out, ctx, out);
    for (xmlNode *c = parent->children; c && rc == GZ_OK; c = c->next)
        if (c == best || (c->type == XML_ELEMENT_NODE && sibling_belongs(c, threshold)))
            rc = gz_html_text_of(c, left_out, ctx, out);
    return rc;
}

/* Words in the text: what says whether there is an article at all. */
static size_t words_in(const char *s)
{
    size_t n = 0;
    for (int in = 0; *s; s++) {
        int w = !isspace((unsigned char)*s);
        n += w && !in;
        in = w;
    }
    return n;
}

/* One attempt at the page's article text, into body (reset). */
static gz_status attempt_body(xmlNode *root, struct stats *all, size_t n,
                              const struct attempt *at, gz_strbuf *body)
{
    memset(all, 0, n * sizeof *all);
    gz_strbuf_reset(body);
    xmlNode *top[TOP_CANDIDATES] = {NULL};
    root->_private = all;
    struct stats *next = all + 1;
    measure(root, &next, 0, at);
    score_all(root);
    rank_candidates(root, top);
    xmlNode *best = top[0] ? widen(top) : NULL;
    gz_status rc = best ? collect(best, final_score(best), at, body) : GZ_OK;
    forget(root);
    root->_private = NULL;
    return rc;
}

/* Characters of article text below which a stricter attempt is taken to
 * have missed the article (Readability's 500). */
#define ENOUGH_TEXT 500

static gz_status layout_body(xmlDoc *doc, const char *title, gz_strbuf *body)
{
    struct attempt attempts[] = {{1, 1, 1, title}, {0, 1, 1, title}, {0, 0, 1, title},
                                 {0, 0, 0, title}};
    xmlNode *root = xmlDocGetRootElement(doc);
    size_t n = root ? 1 + count_elements(root) : 0;
    struct stats *all = n ? calloc(n, sizeof *all) : NULL;
    if (!all)
        return n ? GZ_ERR_NOMEM : GZ_OK;
    gz_strbuf best = GZ_STRBUF_INIT;
    gz_status rc = GZ_OK;
    for (size_t i = 0; i < sizeof attempts / sizeof attempts[0] && rc == GZ_OK; i++) {
        rc = attempt_body(root, all, n, &attempts[i], body);
        if (rc == GZ_OK && body->len > best.len) {
            gz_strbuf tmp = best;
            best = *body;
            *body = tmp;
        }
        if (best.len >= ENOUGH_TEXT)
            break;
    }
    free(all);
    gz_strbuf_release(body);
    *body = best;
    return rc;
}

gz_status gz_html_extract_body(xmlDoc *doc, const char *title, const char *ld_body,
                               gz_html_page *out)
{
    gz_strbuf body = GZ_STRBUF_INIT;
    gz_status rc = layout_body(doc, title, &body);
    /* A page that states its article's text (JSON-LD articleBody) at
     * least as long as what the layout gave: the publisher's own word. */
    if (rc == GZ_OK && ld_body && words_in(ld_body) > words_in(gz_strbuf_str(&body))) {
        gz_strbuf_reset(&body);
        rc = gz_strbuf_addstr(&body, ld_body);
    }
    if (rc != GZ_OK) {
        gz_strbuf_release(&body);
        return rc;
    }
    size_t words = words_in(gz_strbuf_str(&body));
    if (words < 40)
        out->not_article = words ? "too little text for an article" : "no article text";
    out->body = gz_strbuf_detach(&body);
    return out->body ? GZ_OK : GZ_ERR_NOMEM;
}
