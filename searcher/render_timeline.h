/*
 * render_timeline.h - the page's timeline: a time axis of the hits, at the
 * top of the results, without script (links and inline CSS only).
 */
#ifndef GZ_RENDER_TIMELINE_H
#define GZ_RENDER_TIMELINE_H

#include "cgi.h"
#include "facet_types.h"
#include "strbuf.h"

/* Every month between the first and the last hit's (empty months shown,
 * six or more empty months in a row folded into one marked gap), each a
 * link that narrows the search to it; within one month, every day.  A
 * range is picked with two lists of the axis's months.  `when` is the
 * month facet (months, or days when the search is one month's), sorted. */
gz_status gz_render_timeline(gz_strbuf *o, const char *script, const gz_cgi_request *r,
                             const gz_facet_list *when);

#endif
