# Gazette build.  `make` builds bin/; `make check` builds a sanitizer
# (ASan + UBSan) variant and runs every test against it; `make deps`
# installs the Debian packages the build and tests need.

VERSION   := $(shell cat VERSION)
PREFIX    ?= /usr/local
DESTDIR   ?=
# Where `make install` puts things (a packager sets PREFIX=/usr SYSCONFDIR=/etc
# at build time too: the programs look for their data and configuration there).
BIN_DIR     ?= $(PREFIX)/bin
LIBEXECDIR  ?= $(PREFIX)/libexec/gazette
DATADIR     ?= $(PREFIX)/share/gazette
SYSCONFDIR  ?= $(PREFIX)/etc
MANDIR      ?= $(PREFIX)/share/man
CC        ?= cc
CXX       ?= c++

# SAN=1 selects the AddressSanitizer + UBSan variant, built apart;
# SAN=thread the ThreadSanitizer one; SAN=fuzz the clang build with
# libFuzzer's coverage for `make fuzz`.
ifeq ($(SAN),fuzz)
VARIANT   := fuzz
CC        := clang
CXX       := clang++
OPT       := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(SAN),thread)
VARIANT   := tsan
OPT       := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
else ifeq ($(SAN),1)
VARIANT   := asan
OPT       := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
VARIANT   := release
OPT       := -O2 -g
endif
BUILD     := build/$(VARIANT)
BINDIR    := $(if $(filter release,$(VARIANT)),bin,$(BUILD)/bin)

# Warnings are errors in a git checkout (developers, CI); a release tarball
# built by a packager's newer compiler only warns (or: make WERROR=).
WERROR    ?= $(if $(wildcard .git),-Werror,)
WARN      := -Wall -Wextra $(WERROR) -Wshadow -Wformat=2 -Wundef -Wpointer-arith
CWARN     := $(WARN) -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition
# Flags of the libraries from their own pkg-config / xapian-config files
# (libstemmer ships none).
PKGS      := jansson libutf8proc zlib libxml-2.0
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    := $(or $(shell pkg-config --libs $(PKGS) 2>/dev/null),-ljansson -lutf8proc -lz -lxml2)
XAPIAN_CFLAGS := $(shell xapian-config --cxxflags 2>/dev/null)
XAPIAN_LIBS   := $(or $(shell xapian-config --libs 2>/dev/null),-lxapian)
FCGI_LIBS     := $(or $(shell pkg-config --libs fcgi 2>/dev/null),-lfcgi)
# The layers, bottom up: common/base (containers, UTF-8, dates, status),
# common/lang (tokens, name keys), common/store (the Xapian binding, the
# index layout), common/news (articles, the gazetteer); then corpus ->
# indexer, and searcher.
INCLUDES  := -Icommon/base -Icommon/lang -Icommon/store -Icommon/news -Icorpus -Iindexer -Isearcher
CPPFLAGS  += $(INCLUDES) -D_POSIX_C_SOURCE=200809L \
             -DGAZETTE_VERSION='"$(VERSION)"' -DGAZETTE_DATADIR='"$(DATADIR)"' \
             -DGAZETTE_SYSCONFDIR='"$(SYSCONFDIR)"' $(PKG_CFLAGS) -MMD -MP
CFLAGS    ?=
CXXFLAGS  ?=
ALL_CFLAGS   := -std=c11 $(CWARN) $(OPT) -pthread $(CFLAGS)
ALL_CXXFLAGS := -std=c++17 $(WARN) $(OPT) $(XAPIAN_CFLAGS) $(CXXFLAGS)
LDLIBS    := $(XAPIAN_LIBS) -lstemmer $(PKG_LIBS) -pthread
LDFLAGS   += $(OPT)

LIB_C     := common/base/status.c common/base/strbuf.c common/base/array.c common/base/strmap.c \
             common/base/utf8.c common/base/dates.c common/base/hash.c common/base/exe_dir.c common/base/each.c \
             common/lang/analyzer.c common/lang/glue.c common/lang/names.c common/store/schema.c common/store/cluster.c \
             common/news/article.c common/news/gazetteer.c \
             corpus/input.c corpus/reader.c corpus/read_text.c corpus/read_jsonl.c \
             corpus/read_sgml.c corpus/walk.c corpus/html.c corpus/html_text.c corpus/html_meta.c \
             corpus/html_extract.c corpus/read_html.c corpus/read_feed.c corpus/read_warc.c \
             indexer/entities.c indexer/doc_builder.c indexer/session.c indexer/spelling.c \
             indexer/parallel.c indexer/parse_pool.c indexer/compaction.c indexer/progress.c indexer/name_map.c indexer/settle_names.c \
             indexer/shingles.c indexer/stories.c indexer/story_ledger.c indexer/file_stamps.c \
             searcher/query.c searcher/query_clauses.c searcher/query_build.c searcher/person_keys.c searcher/query_words.c searcher/did_you_mean.c searcher/search.c searcher/facets.c searcher/facet_plan.c searcher/facet_recount.c searcher/facet_side.c \
             searcher/snippet.c searcher/render_json.c searcher/render_export.c searcher/cgi.c searcher/render_html.c \
             searcher/render_timeline.c \
             searcher/cgi_serve.c
LIB_CXX   := $(wildcard common/store/*.cc)
LIB_OBJ   := $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
LIB       := $(BUILD)/libgazette.a

PROGRAMS  := gazette-index gazette-search gazette.cgi gazette.fcgi gazette-generate
PROG_BIN  := $(PROGRAMS:%=$(BINDIR)/%)

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all clean check test unit deps demo install uninstall sanitize eval serve cluster-demo bench fuzz fuzzers releval deb
all: $(PROG_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(ALL_CXXFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	@rm -f $@     # ar only adds: a member of a removed source would stay and be linked
	$(AR) rcs $@ $^

$(BINDIR)/gazette-index: $(BUILD)/indexer/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BINDIR)/gazette-search: $(BUILD)/searcher/main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BINDIR)/gazette.cgi: $(BUILD)/searcher/cgi_main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BINDIR)/gazette.fcgi: $(BUILD)/searcher/fcgi_main.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(FCGI_LIBS)

$(BINDIR)/gazette-generate: $(BUILD)/corpus/generate.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit test objects are kept between runs (make would delete them as
# intermediate files and rebuild every test each time).
.SECONDARY: $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.o)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# Fuzzing (libFuzzer, clang): one target per reader, the query parser and
# the CGI request parser, each run for FUZZ_SECONDS from the seeds in
# tests/fuzz/corpus/ (what it finds is kept in build/fuzz/found/).
FUZZ_SECONDS ?= 60
FUZZERS   := fuzz_text fuzz_jsonl fuzz_sgml fuzz_html fuzz_feed fuzz_warc fuzz_query fuzz_cgi
FUZZ_LINK := -fsanitize=fuzzer,address,undefined

build/fuzz/fuzz/fuzz_%: tests/fuzz/fuzz_reader.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -DFUZZ_FORMAT=GZ_FORMAT_$(shell echo $* | tr a-z A-Z) -c -o $@.o $<
	$(CXX) $(OPT) $(FUZZ_LINK) -o $@ $@.o $(LIB) $(LDLIBS)

build/fuzz/fuzz/fuzz_query: tests/fuzz/fuzz_query.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@.o $<
	$(CXX) $(OPT) $(FUZZ_LINK) -o $@ $@.o $(LIB) $(LDLIBS)

build/fuzz/fuzz/fuzz_cgi: tests/fuzz/fuzz_cgi.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@.o $<
	$(CXX) $(OPT) $(FUZZ_LINK) -o $@ $@.o $(LIB) $(LDLIBS)

fuzzers:
	$(MAKE) SAN=fuzz $(FUZZERS:%=build/fuzz/fuzz/%)

fuzz: deps
	$(MAKE) fuzzers
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

sanitize:
	$(MAKE) SAN=1 $(PROGRAMS:%=build/asan/bin/%) $(UNIT_SRC:tests/unit/%.c=build/asan/tests/%) build/asan/tests/index_dump

# The fast loop while working: the release build, its unit tests and the
# integration tests (T=t70 or T="t7 test_query": only the tests whose names
# start so).  It skips what measures the published figures (t42, t43) and
# builds the Debian package (t96): `make check`, the full gate CI runs,
# runs them.
T ?=
test: all $(UNIT_BIN) $(BUILD)/tests/index_dump
	@GZ_FAST=1 tests/run-tests.sh build/release $(T)

# The unit tests alone (what the Debian package build runs).
unit: all $(UNIT_BIN)
	@tests/run-tests.sh build/release test_

# The README's test command: installs what is missing (tools/install-deps.sh
# touches nothing when all is there), then runs every test against the
# sanitizer build: unit tests, then the shell integration tests that drive
# the real binaries.
check: deps
	$(MAKE) sanitize
	@tests/run-tests.sh build/asan
	$(MAKE) SAN=thread $(PROGRAMS:%=build/tsan/bin/%) build/tsan/tests/index_dump
	@tests/run-tests.sh build/tsan $(THREADED_TESTS)
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# The tests that run threads (-j shards and the passes that end a -j run,
# the facet thread, FastCGI's long-lived searcher), run again under
# ThreadSanitizer by `make check`.
THREADED_TESTS := t25-messy-input t30-concurrency t75-facet-sample t76-stories t79-remote-write \
                  t86-fastcgi

# How long `make check` (and so CI) runs each fuzzer.
CHECK_FUZZ_SECONDS ?= 20

deps:
	tools/install-deps.sh

# Entity extraction scored against Reuters' own labels, near-copies against
# judged pairs, web pages' article text against the extraction benchmark
# and its peers (needs ../shared/data).
eval: all
	tests/entities/eval --labelled-only
	tests/stories/eval
	tools/install-deps.sh python3-readability
	tests/extraction/eval.py

# The README's first command: install what is missing, build, index the
# sample corpus, search it.
demo: deps
	$(MAKE) all
	rm -rf build/demo.db
	bin/gazette-index --db build/demo.db corpus/sample
	bin/gazette-search --db build/demo.db Kim Song-nam

# Gazette against SQLite FTS5 and Xapian's scriptindex/quest/omega (needs
# ../shared/data); BENCH_ARGS="--docs 200000" for the synthetic corpus.
$(BUILD)/tests/qbench: $(BUILD)/tests/bench/qbench.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/floor: $(BUILD)/tests/bench/floor.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/replay: tests/bench/replay.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -o $@ $< $(XAPIAN_LIBS)

# Everything an index holds, in an order that does not depend on how it was
# built: the tests compare -j N against -j 1 with it.
$(BUILD)/tests/index_dump: tests/tools/index_dump.cc
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -o $@ $< $(XAPIAN_LIBS)

# Which words the glue rules split in a collection (tests/entities/README.md).
$(BUILD)/tests/glue_changes: $(BUILD)/tests/bench/glue_changes.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench: all $(BUILD)/tests/qbench $(BUILD)/tests/floor $(BUILD)/tests/replay $(BUILD)/tests/glue_changes
	tools/install-deps.sh sqlite3 xapian-omega wrk
	tests/bench/run.py $(BENCH_ARGS)

# Ranking on the judged collections in ../shared/data/judged against SQLite
# FTS5, Xapian's BM25 and Lucene 8 (tests/releval/run.py); RELEVAL_ARGS
# passes options (--gazette-args '--bm25 1.2,0.75').  Not run by CI.
build/releval/xapian_peer: tests/releval/xapian_peer.cc
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O2 $(XAPIAN_CFLAGS) -o $@ $< $(XAPIAN_LIBS)

releval: all build/releval/xapian_peer
	tools/install-deps.sh sqlite3 liblucene8-java default-jdk-headless
	tests/releval/run.py $(RELEVAL_ARGS)

# The search page on http://127.0.0.1:8080/ over the sample corpus.
serve: all
	@[ -d build/demo.db ] || bin/gazette-index -q --db build/demo.db corpus/sample
	@echo "Gazette: http://127.0.0.1:8080/gazette.cgi  (Ctrl-C stops)"
	tools/serve.sh 8080 build/demo.db bin/gazette.cgi build/serve

# Three shards on xapian-tcpsrv (loopback) and the page over them
# (docs/clusters.md).
cluster-demo: all
	tools/cluster.sh 3 8080 build/cluster

# Commands in BIN_DIR; the CGI programs where CGI programs go (LIBEXECDIR),
# reading SYSCONFDIR/gazette.conf; the gazetteer in DATADIR; man pages.
CLI_PROGRAMS := gazette-index gazette-search gazette-generate
CGI_PROGRAMS := gazette.cgi gazette.fcgi
MAN_PAGES    := man/gazette-index.1 man/gazette-search.1 man/gazette-generate.1 man/gazette-query.7 \
                man/gazette.cgi.8
GAZETTEER    := $(wildcard common/gazetteer/*.tsv) common/gazetteer/README.md

# INSTALL_FROM: the programs to install (the tests install the sanitizer build).
INSTALL_FROM ?= bin

install: $(CLI_PROGRAMS:%=$(INSTALL_FROM)/%) $(CGI_PROGRAMS:%=$(INSTALL_FROM)/%)
	install -d $(DESTDIR)$(BIN_DIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(CLI_PROGRAMS:%=$(INSTALL_FROM)/%) $(DESTDIR)$(BIN_DIR)/
	install -m 755 $(CGI_PROGRAMS:%=$(INSTALL_FROM)/%) $(DESTDIR)$(LIBEXECDIR)/
	install -m 644 $(GAZETTEER) $(DESTDIR)$(DATADIR)/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	ln -sf gazette.cgi.8 $(DESTDIR)$(MANDIR)/man8/gazette.fcgi.8

uninstall:
	rm -f $(CLI_PROGRAMS:%=$(DESTDIR)$(BIN_DIR)/%) $(CGI_PROGRAMS:%=$(DESTDIR)$(LIBEXECDIR)/%)
	rm -f $(GAZETTEER:common/gazetteer/%=$(DESTDIR)$(DATADIR)/%)
	rm -f $(DESTDIR)$(MANDIR)/man1/gazette-index.1 $(DESTDIR)$(MANDIR)/man1/gazette-search.1
	rm -f $(DESTDIR)$(MANDIR)/man1/gazette-generate.1
	rm -f $(DESTDIR)$(MANDIR)/man7/gazette-query.7
	rm -f $(DESTDIR)$(MANDIR)/man8/gazette.cgi.8 $(DESTDIR)$(MANDIR)/man8/gazette.fcgi.8
	-rmdir $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR) 2>/dev/null

# The Debian package, built from a copy of the tree in build/deb and checked
# with lintian: build/deb/gazette_VERSION_ARCH.deb (tools/make-deb.sh).
deb:
	tools/install-deps.sh debhelper dpkg-dev fakeroot lintian
	tools/make-deb.sh build/deb

clean:
	rm -rf build bin tests/out

-include $(LIB_OBJ:.o=.d) $(BUILD)/indexer/main.d $(BUILD)/searcher/main.d $(BUILD)/searcher/cgi_main.d $(BUILD)/searcher/fcgi_main.d $(BUILD)/corpus/generate.d $(BUILD)/tests/bench/qbench.d $(BUILD)/tests/bench/floor.d $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
