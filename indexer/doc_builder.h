/*
 * doc_builder.h - turns an article into a Xapian document laid out as
 * common/store/schema.h describes.  One builder per thread (it owns an analyzer).
 */
#ifndef GZ_DOC_BUILDER_H
#define GZ_DOC_BUILDER_H

#include <jansson.h>
#include <stddef.h>
#include "status.h"

#include "analyzer.h"
#include "article.h"
#include "entities.h"
#include "gazetteer.h"
#include "gz_xapian.h"

typedef struct gz_doc_builder gz_doc_builder;

/* g: the gazetteer for entity facets (NULL: no entities).
 * GZ_ERR_INVALID: the language is unknown; GZ_ERR_NOMEM. */
gz_status gz_doc_builder_new(const char *language, const gz_gazetteer *g, gz_doc_builder **out);
void gz_doc_builder_free(gz_doc_builder *b);

/* Fills doc (cleared first) from a.  Returns GZ_OK or the failing status. */
gz_status gz_doc_build(gz_doc_builder *b, const gz_article *a, gz_xap_doc *doc);
/* The distinct words (folded, unstemmed, with a letter) of the article
 * last built, NUL-separated in *words (owned by the builder), for the
 * spelling dictionary.  Returns how many. */
size_t gz_doc_builder_words(const gz_doc_builder *b, const char **words, size_t *len);
/* Whether articles get MinHash signature terms (default: yes). */
void gz_doc_builder_set_stories(gz_doc_builder *b, int on);
/* The shingles of the article last built (shingles.h), finished. */
struct gz_shingles;
struct gz_shingles *gz_doc_builder_shingles(gz_doc_builder *b);
/* The archive's name map (name_map.h; NULL: none) that people are shown
 * under; it must outlive its use. */
struct gz_name_map;
void gz_doc_builder_set_names(gz_doc_builder *b, const struct gz_name_map *names);

/* The entities of an article, by the rule indexing and --extract share: a
 * title cut from the body is not read twice.  GZ_ERR_NOMEM when memory ran out. */
gz_status gz_extract_article(gz_extractor *x, const gz_article *a, gz_entities *out);

/* The article's stored metadata as a JSON object: id, date, title, url and
 * source when given, and the entity lists when e is not NULL.  NULL on OOM. */
json_t *gz_article_json(const gz_article *a, const gz_entities *e);

#endif
