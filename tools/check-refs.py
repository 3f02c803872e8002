#!/usr/bin/env python3
"""check-refs.py - every document, section, man page and source file that a
comment cites must exist: comments that point nowhere mislead the next
engineer.

Looks in the C, C++, header, Python and shell files of the source folders for
  docs/NAME.md, "Section"   (or README, "Section"; over line breaks too): the
                            document must exist and a heading of it (#, ## or
                            ###, or a bold list item) must start with Section;
  docs/NAME.md              which must exist;
  gazette-NAME(N)           a man page, which must be man/gazette-NAME.N;
  name.h / name.c / name.cc which must be a file somewhere in the tree.
Also checks that every docs/ and man/ file the README names exists.
Prints each dangling reference as FILE:LINE: what, and exits 1 when any.
"""
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
folders = ["common", "corpus", "indexer", "searcher", "tests", "tools"]
DOC = r"(README|docs/[\w/.-]+?\.md)"


def headings(doc):
    path = os.path.join(top, "README.md" if doc == "README" else doc)
    heads = []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"#{1,4}\s+(.*)", line)
        if m:
            heads.append(m.group(1).strip())
        m = re.match(r"\s*[-*]\s+\*\*([^*]+)\*\*", line)
        if m:
            heads.append(m.group(1).strip())
    return heads


def source_files():
    for folder in folders:
        for root, dirs, files in os.walk(os.path.join(top, folder)):
            dirs[:] = [d for d in dirs if d not in ("node_modules", "corpus", "out")]
            for f in files:
                if f.endswith((".c", ".h", ".cc", ".py", ".sh")) and f != "check-refs.py":
                    yield os.path.join(root, f)


def all_names():
    names = set()
    for root, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("build", "out")]
        names.update(files)
    return names


def comments(path, text):
    """(line number, comment text) of each comment of the file's language;
    a C string too, since help texts cite documents."""
    if path.endswith((".py", ".sh")):
        pattern = r"#[^\n]*(?:\n[ \t]*#[^\n]*)*|\"\"\".*?\"\"\""
    else:
        pattern = r"/\*.*?\*/|//[^\n]*|\"(?:[^\"\\\n]|\\.)*\""
    for m in re.finditer(pattern, text, re.S):
        yield text.count("\n", 0, m.start()) + 1, m.group(0)


def dangling(flat, names):
    for m in re.finditer(DOC + r'[,:]?\s+\\?"([^"\\]+)', flat):
        doc, want = m.group(1), m.group(2).strip()
        if doc != "README" and not os.path.exists(os.path.join(top, doc)):
            continue  # reported below as a missing document
        if not any(h.startswith(want) for h in headings(doc)):
            yield f'{doc} has no section "{want}"'
    for m in re.finditer(r"\b(docs/[\w/.-]+?\.md)\b", flat):
        if not os.path.exists(os.path.join(top, m.group(1))):
            yield f"no document {m.group(1)}"
    for m in re.finditer(r"\b(gazette[\w.-]*)\((\d)\)", flat):
        if not os.path.exists(os.path.join(top, "man", f"{m.group(1)}.{m.group(2)}")):
            yield f"no man page {m.group(1)}({m.group(2)})"
    for m in re.finditer(r"\b([a-z_][a-z0-9_]*\.(?:h|c|cc))\b", flat):
        name = m.group(1)
        if name not in names and not name.startswith(("std", "x.")):
            yield f"no file {name}"


def main():
    names = all_names()
    bad = 0
    for path in source_files():
        text = open(path, encoding="utf-8", errors="replace").read()
        rel = os.path.relpath(path, top)
        for line, c in comments(path, text):
            flat = re.sub(r"\s*\n\s*(?:\*|#)?\s*", " ", c)
            for what in dangling(flat, names):
                print(f"{rel}:{line}: {what}")
                bad += 1
    readme = open(os.path.join(top, "README.md"), encoding="utf-8").read()
    for m in re.finditer(r"`((?:docs|man)/[\w/.-]+)`", readme):
        if not os.path.exists(os.path.join(top, m.group(1))):
            print(f"README.md: no {m.group(1)}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
