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

#endif
