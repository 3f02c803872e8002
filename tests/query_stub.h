/*
 * query_stub.h - what the query parser asks the searcher for, answered
 * without an index (for the parser's unit test and its fuzz target): two
 * known country codes (LA, KP) and no gazetteer.  Each includer supplies
 * its own document frequencies.
 */
#ifndef GZ_TEST_QUERY_STUB_H
#define GZ_TEST_QUERY_STUB_H

#include <string.h>

#include "query.h"

static int stub_country_known(void *ctx, const char *code)
{
    (void)ctx;
    return !strcmp(code, "LA") || !strcmp(code, "KP");
}

static const gz_gazetteer *stub_no_gazetteer(void *ctx)
{
    (void)ctx;
    return NULL;
}

#endif
