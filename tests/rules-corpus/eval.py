#!/usr/bin/env python3
"""Measure the default rules on a labelled corpus (precision / recall).

Each corpus file holds JSON lines:
    {"source": "<source id from feeds/>", "title": "...", "text": "...",
     "labels": ["rule-id", ...]}
`labels` lists every rule that SHOULD hit the item (an empty list is a
negative for every rule).

The items of one source are written as one document of that source's
kind (JSON Feed for `feed`, a Greenhouse board for `greenhouse`, an HTML
index page for `html`) and fed to
    sigwatch --config CONFIG test-rule --source ID -
so that the source's competitor, tags and parser apply exactly as in a
run. The output (an item's title, its link, then "  match RULE ..."
lines) gives the predicted rules per item.

Usage:
    eval.py [--sigwatch PATH] [--config FILE] [--floors FILE] [-v]
            CORPUS.jsonl...
With --floors, each rule's precision and recall on the files named in the
floors file are compared with its floors; every rule (and the overall
micro average) that meets its floors counts as one passed test, and the
last line reads "N passed, N failed".
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LINK = "https://corpus.invalid/item-%d"
LINK_RE = re.compile(r"^  https://corpus\.invalid/item-(\d+)$")
MATCH_RE = re.compile(r"^  match (\S+) \[")


def feed_kinds(feeds_dir):
    """Map source id -> kind by reading feeds/*.yaml line by line (the
    files are simple block YAML; no YAML module in the stdlib)."""
    kinds = {}
    for name in sorted(os.listdir(feeds_dir)):
        if not name.endswith(".yaml"):
            continue
        cur = None
        with open(os.path.join(feeds_dir, name), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^\s*-\s+id:\s*([a-z0-9-]+)", line)
                if m:
                    cur = m.group(1)
                    kinds[cur] = "feed"
                    continue
                m = re.match(r"^\s+kind:\s*([a-z]+)", line)
                if m and cur:
                    kinds[cur] = m.group(1)
    return kinds


def text_html(text):
    """Plain text with newlines -> HTML: '- x' lines become list items."""
    out, in_list = [], False
    for line in text.split("\n"):
        if line.startswith("- "):
            if not in_list:
                out.append("<ul>")
                in_list = True
            out.append("<li>%s</li>" % html.escape(line[2:]))
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        if line.strip():
            out.append("<p>%s</p>" % html.escape(line))
    if in_list:
        out.append("</ul>")
    return "".join(out)


def build_doc(kind, items):
    """items: list of (n, item). Returns the document bytes."""
    if kind == "feed":
        doc = {"version": "https://jsonfeed.org/version/1.1",
               "title": "corpus", "items": []}
        for n, it in items:
            e = {"id": "item-%d" % n, "url": LINK % n,
                 "title": it["title"]}
            e["content_text"] = it.get("text") or ""
            doc["items"].append(e)
        return json.dumps(doc, ensure_ascii=False).encode()
    if kind == "greenhouse":
        jobs = []
        for n, it in items:
            jobs.append({"id": 100000 + n, "title": it["title"],
                         "absolute_url": LINK % n,
                         "updated_at": "2025-01-01T00:00:00Z",
                         "content": html.escape(
                             text_html(it.get("text") or ""))})
        return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}},
                          ensure_ascii=False).encode()
    if kind == "html":
        parts = ["<!doctype html><html><head><meta charset='utf-8'>"
                 "<title>corpus</title></head><body><main>"]
        for n, it in items:
            t = (it.get("text") or "").replace("\n", " ")
            parts.append("<article><h2>%s</h2><a href='%s'>Read more</a>"
                         "<time datetime='2025-01-01'>1 Jan</time>"
                         "<p>%s</p></article>" % (html.escape(it["title"]),
                                                  LINK % n, html.escape(t)))
        parts.append("</main></body></html>")
        return "".join(parts).encode()
    raise SystemExit("eval: source kind '%s' not supported" % kind)


def predict(sigwatch, config, kinds, corpus):
    """Returns {n: set(rule ids)} for every item index n of corpus."""
    by_src = {}
    for n, it in enumerate(corpus):
        by_src.setdefault(it["source"], []).append((n, it))
    pred = {n: set() for n in range(len(corpus))}
    for src, items in sorted(by_src.items()):
        if src not in kinds:
            raise SystemExit("eval: unknown source '%s'" % src)
        doc = build_doc(kinds[src], items)
        p = subprocess.run([sigwatch, "--config", config, "-q", "test-rule",
                            "--source", src, "-"], input=doc,
                           capture_output=True, timeout=120)
        if p.returncode not in (0, 1):
            raise SystemExit("eval: test-rule --source %s failed (%d): %s"
                             % (src, p.returncode,
                                p.stderr.decode(errors="replace")))
        out = p.stdout.decode(errors="replace").splitlines()
        m = re.match(r"^(\d+) of (\d+) items? matched$", out[-1] if out
                     else "")
        if not m or int(m.group(2)) != len(items):
            raise SystemExit("eval: %s: parsed %s items, expected %d" %
                             (src, m.group(2) if m else "?", len(items)))
        cur = None
        for line in out:
            lm = LINK_RE.match(line)
            if lm:
                cur = int(lm.group(1))
                continue
            mm = MATCH_RE.match(line)
            if mm and cur is not None:
                pred[cur].add(mm.group(1))
    return pred


def score(corpus, pred, rules):
    """Per-rule and micro counts: {rule: [tp, fp, fn]}."""
    c = {r: [0, 0, 0] for r in rules}
    for n, it in enumerate(corpus):
        gold = set(it["labels"])
        for r in rules:
            if r in gold and r in pred[n]:
                c[r][0] += 1
            elif r in pred[n]:
                c[r][1] += 1
            elif r in gold:
                c[r][2] += 1
    return c


def rule_playbooks(rules_dir):
    """{rule id: playbook id} from the rule files (block YAML, one rule
    per document)."""
    out = {}
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".yaml") or name in ("aliases.yaml",
                                                  "silences.yaml",
                                                  "competitors.yaml"):
            continue
        with open(os.path.join(rules_dir, name), encoding="utf-8") as f:
            for doc in re.split(r"^---\s*$", f.read(), flags=re.M):
                i = re.search(r"^id:\s*([a-z0-9._-]+)", doc, re.M)
                p = re.search(r"^playbook:\s*([a-z0-9._-]+)", doc, re.M)
                if i and p:
                    out[i.group(1)] = p.group(1)
    return out


def score_playbooks(corpus, pred, rpb):
    """Strict per-playbook counts, as the signals-corpus scorer does: an
    item is labelled P when one of its rules belongs to P, hit for P when
    one of the rules that hit it does. {playbook: [tp, fp, fn]}"""
    pbs = sorted(set(rpb.values()))
    c = {p: [0, 0, 0] for p in pbs}
    for n, it in enumerate(corpus):
        gold = {rpb[r] for r in it["labels"] if r in rpb}
        got = {rpb[r] for r in pred[n] if r in rpb}
        for p in pbs:
            if p in gold and p in got:
                c[p][0] += 1
            elif p in got:
                c[p][1] += 1
            elif p in gold:
                c[p][2] += 1
    return c


def pr(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def load(path):
    items = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                it = json.loads(line)
            except ValueError as e:
                raise SystemExit("%s:%d: %s" % (path, i, e))
            for k in ("source", "title", "labels"):
                if k not in it:
                    raise SystemExit("%s:%d: missing '%s'" % (path, i, k))
            it["_where"] = "%s:%d" % (os.path.basename(path), i)
            items.append(it)
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sigwatch", default=os.path.join(
        TOP, os.environ.get("B", "build"), "sigwatch"))
    ap.add_argument("--config", default=os.path.join(TOP, "sigwatch.yaml"))
    ap.add_argument("--floors")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every false positive and false negative")
    ap.add_argument("corpus", nargs="+")
    a = ap.parse_args()

    kinds = feed_kinds(os.path.join(TOP, "feeds"))
    results = {}
    rules = set()
    data = {}
    for path in a.corpus:
        data[path] = load(path)
        for it in data[path]:
            rules.update(it["labels"])
    # every rule id of the rule set, even one no item is labelled with
    p = subprocess.run([a.sigwatch, "--config", a.config, "-q", "check"],
                       capture_output=True)
    if p.returncode != 0:
        raise SystemExit("eval: sigwatch check failed:\n" +
                         p.stderr.decode(errors="replace"))
    for path in sorted(os.listdir(os.path.join(TOP, "rules"))):
        if path.endswith(".yaml") and path not in ("aliases.yaml",
                                                   "silences.yaml"):
            with open(os.path.join(TOP, "rules", path),
                      encoding="utf-8") as f:
                rules.update(re.findall(r"^id:\s*([a-z0-9._-]+)", f.read(),
                                        re.M))
    rules = sorted(rules)
    rpb = rule_playbooks(os.path.join(TOP, "rules"))

    for path in a.corpus:
        corpus = data[path]
        pred = predict(a.sigwatch, a.config, kinds, corpus)
        c = score(corpus, pred, rules)
        results[os.path.basename(path)] = c
        name = os.path.basename(path)
        print("== %s: %d items" % (name, len(corpus)))
        print("%-24s %4s %4s %4s %6s %6s" % ("rule", "tp", "fp", "fn",
                                             "prec", "recall"))
        tot = [0, 0, 0]
        for r in rules:
            tp, fp, fn = c[r]
            tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
            pp, rr = pr(tp, fp, fn)
            print("%-24s %4d %4d %4d %6.2f %6.2f" % (r, tp, fp, fn, pp, rr))
        pp, rr = pr(*tot)
        print("%-24s %4d %4d %4d %6.2f %6.2f" % ("micro", tot[0], tot[1],
                                                 tot[2], pp, rr))
        c["micro"] = tot
        pc = score_playbooks(corpus, pred, rpb)
        print("%-24s %4s %4s %4s %6s %6s" % ("playbook (strict)", "tp",
                                             "fp", "fn", "prec", "recall"))
        ptot = [0, 0, 0]
        for pbk in sorted(pc):
            tp, fp, fn = pc[pbk]
            ptot = [ptot[0] + tp, ptot[1] + fp, ptot[2] + fn]
            pp, rr = pr(tp, fp, fn)
            print("%-24s %4d %4d %4d %6.2f %6.2f" % (pbk, tp, fp, fn, pp,
                                                     rr))
        pp, rr = pr(*ptot)
        print("%-24s %4d %4d %4d %6.2f %6.2f" % ("overall (micro)", ptot[0],
                                                 ptot[1], ptot[2], pp, rr))
        if a.verbose:
            for n, it in enumerate(corpus):
                gold = set(it["labels"])
                for r in sorted(pred[n] - gold):
                    print("  FP %-22s %s [%s] %s" % (r, it["_where"],
                                                    it["source"],
                                                    it["title"]))
                for r in sorted(gold - pred[n]):
                    print("  FN %-22s %s [%s] %s" % (r, it["_where"],
                                                    it["source"],
                                                    it["title"]))
        print()

    if not a.floors:
        return 0
    with open(a.floors, encoding="utf-8") as f:
        floors = json.load(f)
    passed = failed = 0
    for fname, per_rule in sorted(floors.items()):
        if fname.startswith("_"):
            continue
        if fname not in results:
            print("not ok - %s: corpus file not evaluated" % fname)
            failed += 1
            continue
        for r, fl in sorted(per_rule.items()):
            if r not in results[fname]:
                print("not ok - %s %s: no such rule" % (fname, r))
                failed += 1
                continue
            pp, rr = pr(*results[fname][r])
            ok = pp >= fl["precision"] and rr >= fl["recall"]
            print("%s - %s %s: precision %.2f (floor %.2f), recall %.2f "
                  "(floor %.2f)" % ("ok" if ok else "not ok", fname, r, pp,
                                    fl["precision"], rr, fl["recall"]))
            if ok:
                passed += 1
            else:
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
