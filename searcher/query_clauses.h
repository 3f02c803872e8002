/*
 * query_clauses.h - the filters a user typed into the query itself
 * (`country:Laos`, `person:"Kim Song-nam"`, `date:2024-03`), found where
 * they stand in the text, so that a search that finds nothing can offer
 * the same query without one of them.
 */
#ifndef GZ_QUERY_CLAUSES_H
#define GZ_QUERY_CLAUSES_H

#include <stddef.h>

typedef struct gz_query_clause {
    size_t start, end;          /* the clause's bytes in the query, [start, end) */
    char field[16];             /* "country", "person", "org", "source", "date" */
    size_t value_start, value_end;  /* its value, without quotes */
} gz_query_clause;

/* The filter clauses of query, at most max, in order; their number. */
size_t gz_query_clauses(const char *query, gz_query_clause *out, size_t max);
/* query without clause c (malloc'd; NULL when out of memory): the spaces
 * around it become one. */
char *gz_query_without(const char *query, const gz_query_clause *c);

#endif
