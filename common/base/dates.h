/*
 * dates.h - calendar dates as articles and queries write them.
 */
#ifndef GZ_DATES_H
#define GZ_DATES_H

#include <stdbool.h>
#include <stddef.h>

/* 1 when y-m-d is a real calendar date (years 1000..9999). */
bool gz_date_is_valid(int y, int m, int d);
/* Parses "YYYY-MM-DD" at s (anything may follow); on success writes the
 * canonical form to out and returns the number of bytes used, else 0. */
size_t gz_date_parse_iso(const char *s, char out[11]);
/* A date as web pages and feeds write it: ISO 8601 ("2019-11-19T08:00Z"),
 * RFC 822 ("Tue, 19 Nov 2019 13:45:00 GMT") or "November 19, 2019"; the
 * calendar date as written (no time zone moves it).  false when none. */
bool gz_date_parse_written(const char *s, char out[11]);
/* "Jan" .. "Dec" for 1 .. 12 ("?" otherwise). */
const char *gz_month_abbrev(int month);

#endif
