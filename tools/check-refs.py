#!/usr/bin/env python3
"""check-refs.py - every README section and every file a source comment
cites must exist: comments that point nowhere mislead the next engineer.

Looks in the C, C++ and header files of the source folders for
  README, "Section"   (or README: "Section", over line breaks too), which must
                      start a heading of README.md (## or ###, or a bold item);
  name.h / name.c     which must be a file somewhere in the tree.
Prints each dangling reference as FILE:LINE: what, and exits 1 when any.
"""
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
folders = ["common", "corpus", "indexer", "searcher", "tests/unit", "tests/bench", "tests/fuzz"]


def readme_sections():
    heads = []
    for line in open(os.path.join(top, "README.md"), encoding="utf-8"):
        m = re.match(r"#{2,4}\s+(.*)", line)
        if m:
            heads.append(m.group(1).strip())
        m = re.match(r"\s*[-*]\s+\*\*([^*]+)\*\*", line)
        if m:
            heads.append(m.group(1).strip())
    return heads


def source_files():
    for folder in folders:
        for root, _, files in os.walk(os.path.join(top, folder)):
            for f in files:
                if f.endswith((".c", ".h", ".cc")):
                    yield os.path.join(root, f)


def all_names():
    names = set()
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("build", "out")]
        names.update(files)
    return names


def comments(text):
    """(line number, comment text) of each /* */ and // comment."""
    for m in re.finditer(r"/\*.*?\*/|//[^\n]*", text, re.S):
        yield text.count("\n", 0, m.start()) + 1, m.group(0)


def main():
    heads = readme_sections()
    names = all_names()
    bad = 0
    for path in source_files():
        text = open(path, encoding="utf-8", errors="replace").read()
        rel = os.path.relpath(path, top)
        for line, c in comments(text):
            flat = re.sub(r"\s*\n\s*\*?\s*", " ", c)
            for m in re.finditer(r'README[,:]?\s+"([^"]+)"', flat):
                want = m.group(1).strip()
                if not any(h.startswith(want) for h in heads):
                    print(f"{rel}:{line}: README has no section \"{want}\"")
                    bad += 1
            for m in re.finditer(r"\b([a-z_][a-z0-9_]*\.(?:h|c|cc))\b", flat):
                name = m.group(1)
                if name not in names and not name.startswith(("std", "x.")):
                    print(f"{rel}:{line}: no file {name}")
                    bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
