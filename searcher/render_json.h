/*
 * render_json.h - a search result as the documented JSON object (gazette-search(1),
 * "JSON OUTPUT"), shared by gazette-search --json and gazette.cgi's format=json.
 */
#ifndef GZ_RENDER_JSON_H
#define GZ_RENDER_JSON_H

#include <jansson.h>

#include "search.h"

/* A new object the caller releases with json_decref; NULL on OOM. */
json_t *gz_result_to_json(const gz_search_request *req, const gz_search_result *res);

#endif
