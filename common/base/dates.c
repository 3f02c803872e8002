/*
 * dates.c - calendar dates as articles and queries write them (dates.h).
 */
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

bool gz_date_is_valid(int y, int m, int d)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

size_t gz_date_parse_iso(const char *s, char out[11])
{
    for (int k = 0; k < 10; k++) {
        int want_dash = k == 4 || k == 7;
        if (want_dash ? s[k] != '-' : !isdigit((unsigned char)s[k]))
            return 0;
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!gz_date_is_valid(y, m, d))
        return 0;
    for (int k = 0; k < 10; k++)
        out[k] = s[k];
    out[10] = '\0';
    return 10;
}

static const char *const MONTHS[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

const char *gz_month_abbrev(int month)
{
    return month >= 1 && month <= 12 ? MONTHS[month - 1] : "?";
}

/* "Nov" or "November" (any case) at s: the month 1..12 and the letters
 * used, else 0. */
static int month_at(const char *s, size_t *used)
{
    for (int m = 0; m < 12; m++) {
        if (strncasecmp(s, MONTHS[m], 3) != 0)
            continue;
        size_t n = 3;
        while (isalpha((unsigned char)s[n]))
            n++;
        *used = n;
        return m + 1;
    }
    return 0;
}

static void write_date(int y, int m, int d, char out[11])
{
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

bool gz_date_parse_written(const char *s, char out[11])
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (gz_date_parse_iso(s, out))
        return true;
    /* RFC 822 (feeds, HTTP): an optional "Tue, ", then "19 Nov 2019" */
    const char *p = s;
    while (isalpha((unsigned char)*p))
        p++;
    if (*p == ',')
        s = p + 1;
    while (*s == ' ')
        s++;
    char *end;
    size_t used;
    long d = strtol(s, &end, 10);
    int m;
    if (end != s && *end == ' ' && (m = month_at(end + 1, &used)) != 0) {
        long y = strtol(end + 1 + used, &end, 10);
        if (gz_date_is_valid((int)y, m, (int)d)) {
            write_date((int)y, m, (int)d, out);
            return true;
        }
    }
    /* "November 19, 2019" */
    if ((m = month_at(s, &used)) != 0 && s[used] == ' ') {
        d = strtol(s + used + 1, &end, 10);
        if (*end == ',')
            end++;
        long y = strtol(end, &end, 10);
        if (gz_date_is_valid((int)y, m, (int)d)) {
            write_date((int)y, m, (int)d, out);
            return true;
        }
    }
    return false;
}
