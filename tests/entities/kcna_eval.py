"""The KCNA figures of `make eval` (tests/entities/eval): entities and name
search on ../shared/data/news-kcna scored against kcna-labels.tsv, the
people, organisations and countries of 100 articles judged by reading
(README.md, "The KCNA set"), and the top 100 person values of all its
articles against kcna-people.tsv."""
import collections, json, os, re, subprocess, tempfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "shared", "data", "news-kcna", "articles.jsonl")

# Other names the labelled bodies go by in the extractor's values.
ORG_ALIASES = {
    "Workers' Party of Korea": ["WPK"],
    "Korean Central News Agency": ["KCNA"],
    "Communist Party of Vietnam": ["CPV"],
    "General Federation of Trade Unions of Korea": ["GFTUK"],
    "Union of Agricultural Workers of Korea": ["UAWK"],
    "United Nations": ["UN"],
    "Korean People's Army": ["KPA"],
    "Supreme People's Assembly": ["SPA"],
    "Munich Security Conference": ["MSC"],
    "DPRK Foreign Ministry": ["Foreign Ministry", "DPRK Ministry of Foreign Affairs", "Ministry of Foreign Affairs"],
    "DPRK Ministry of National Defence": ["Ministry of National Defence"],
    "Hamas": ["Islamic Resistance Movement"],
}


def fold(s):
    s = unicodedata.normalize("NFKD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("-", " ")
    return " ".join(s.split())


def load_labels():
    labels = collections.defaultdict(lambda: collections.defaultdict(set))
    for line in open(os.path.join(HERE, "kcna-labels.tsv"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        aid, kind, value = line.rstrip("\n").split("\t")
        labels[aid][kind].add(value)
    return labels


def person_matches(label, value):
    """The extracted value names the labelled person: the same words, or
    the surname alone."""
    l, v = fold(label).replace(".", ""), fold(value).replace(".", "")
    if l == v or (" " not in v and l.split()[-1] == v):
        return True
    lw, vw = l.split(), v.split()      # "V. Putin" is Vladimir Putin
    return len(lw) == len(vw) == 2 and lw[1] == vw[1] and len(vw[0]) == 1 and lw[0][0] == vw[0]


def org_matches(label, value):
    v = fold(value)
    return v in {fold(n) for n in [label] + ORG_ALIASES.get(label, [])}


def pct(a, b):
    return "%.1f%% (%d/%d)" % (100.0 * a / b, a, b) if b else "n/a"


def entity_rows(extracted, labels):
    rows, worst = [], []
    for kind, facet, match in (("person", "people", person_matches), ("org", "orgs", org_matches)):
        credited = total = right = got = 0
        for aid, lab in labels.items():
            values = extracted[aid][facet]
            for want in lab[kind]:
                total += 1
                hit = any(match(want, v) for v in values)
                credited += hit
                if not hit:
                    worst.append("%s missed: %s" % (aid, want))
            for v in values:
                got += 1
                ok = any(match(want, v) for want in lab[kind])
                right += ok
                if not ok:
                    worst.append("%s wrong %s: %s" % (aid, kind, v))
        rows.append((kind, right, got, credited, total))
    tp = fp = fn = krtp = krfp = 0
    for aid, lab in labels.items():
        got, want = set(extracted[aid]["countries"]), lab["country"]
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        krtp += "KR" in got and "KR" in want
        krfp += "KR" in got and "KR" not in want
        worst += ["%s wrong country: %s" % (aid, c) for c in got - want]
    rows.append(("country", tp, tp + fp, tp, tp + fn))
    rows.append(("South Korea", krtp, krtp + krfp, krtp,
                 sum("KR" in lab["country"] for lab in labels.values())))
    return rows, worst


def phrase_recall(bin_dir, labels):
    """For each labelled (article, person): does a phrase search of the
    person's name find the article?"""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "kcna.db")
        subprocess.run([os.path.join(bin_dir, "gazette-index"), "-q", "--db", db, DATA], check=True)
        found = {}
        people = {p for lab in labels.values() for p in lab["person"]}
        for p in sorted(people):
            out = subprocess.run([os.path.join(bin_dir, "gazette-search"), "--db", db, "--json",
                                  "--no-collapse", "--limit", "1000", '"%s"' % p],
                                 capture_output=True, text=True)
            found[p] = {h["id"] for h in json.loads(out.stdout)["hits"]} if out.returncode in (0, 3) else set()
        hits = total = 0
        missed = []
        for aid, lab in labels.items():
            for p in lab["person"]:
                total += 1
                hits += aid in found[p]
                if aid not in found[p]:
                    missed.append("%s phrase search missed: %s" % (aid, p))
        shown = indexed_people(bin_dir, db)
        return hits, total, missed, shown


def indexed_people(bin_dir, db):
    out = subprocess.run([os.path.join(bin_dir, "gazette-search"), "--db", db, "--json", "--no-collapse",
                          "--limit", "1000", "date:..9999"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["hits"]


def top_people(shown):
    labels = {}
    for line in open(os.path.join(HERE, "kcna-people.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            f = line.rstrip("\n").split("\t")
            labels[f[0]] = f[1]
    count = collections.Counter(p for h in shown for p in set(h["people"]))
    top = count.most_common(100)
    judged = [(v, k) for v, k in top if v in labels]
    good = [v for v, _ in judged if labels[v] == "person"]
    wrong = ["%s (%d, %s)" % (v, k, labels[v]) for v, k in judged if labels[v] != "person"]
    unjudged = [v for v, _ in top if v not in labels]
    return len(good), len(judged), wrong, unjudged


def report(binary):
    if not os.path.exists(DATA) or not os.path.exists(os.path.join(HERE, "kcna-labels.tsv")):
        print("\n(no ../shared/data/news-kcna: KCNA figures skipped)")
        return
    labels = load_labels()
    out = subprocess.run([binary, "--extract", DATA], capture_output=True, text=True)
    extracted = collections.defaultdict(lambda: {"people": [], "orgs": [], "countries": []})
    for line in out.stdout.splitlines():
        a = json.loads(line)
        extracted[a["id"]] = a
    rows, worst = entity_rows(extracted, labels)
    print("\nKCNA (../shared/data/news-kcna), 100 articles judged by reading (kcna-labels.tsv):\n")
    print("| facet | precision | credited (recall) |")
    print("|---|---|---|")
    for kind, right, got, credited, total in rows:
        print("| %s | %s | %s |" % (kind, pct(right, got), pct(credited, total)))
    hits, total, missed, shown = phrase_recall(os.path.dirname(binary), labels)
    print("| person, phrase search finds the article | | %s |" % pct(hits, total))
    good, judged, wrong, unjudged = top_people(shown)
    print("\nKCNA top 100 people as the index shows them (kcna-people.tsv): %s real, distinct people%s"
          % (pct(good, judged), "; wrong: " + ", ".join(wrong[:10]) if wrong else ""))
    if unjudged:
        print("unjudged KCNA people: " + ", ".join(unjudged))
    print("\nKCNA errors (first 10 of %d):" % len(worst + missed))
    for line in (missed + worst)[:10]:
        print("  " + line)
