#!/usr/bin/env python3
"""Validate the held-out signals corpus B' and print its counts.

Usage: python3 tools/validate.py [--sigwatch PATH]      (exits 1 on any failure)

--sigwatch (default: $SIGWATCH, else build/sigwatch of the enclosing tree when it
exists) is used to check that the ids sigwatch parses from every non-HTML file
are exactly the ids in labels.tsv. HTML pages are read here with the XPaths of
feeds.yaml mirrored in Python (sigwatch parse cannot take XPaths).

Checks:
  * XML files are well-formed (xmllint --noout), JSON files parse;
  * ids are unique per file; every item has exactly one label row and every
    row names an item; playbook / difficulty values are legal; notes are set;
  * dates: first seen is 2026-12-01; items whose note starts with "Stale:" are
    labelled none and dated before 2026-11-01 (more than 30 days earlier);
    every other item is dated 2026-11-05 .. 2026-11-30;
  * language: an item declares a non-English language (JSON Feed language,
    xml:lang, HTML lang) exactly when its note says "Non-English";
  * title-only items (Google News, HN) say so in their note;
  * markup traps: keywords that must not count are in the raw markup but not in
    the visible text (URLs removed);
  * the corpus meets its brief: >= 170 items, >= 12 positives per playbook,
    hard negatives >= positives.
"""
import sys as _sys
_sys.dont_write_bytecode = True
import argparse
import collections
import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TREE = os.path.dirname(os.path.dirname(ROOT))
PLAYBOOKS = ["cloudflare-connect", "zscaler-acquisition", "zscaler-smb-mesh",
             "twingate-platform", "netmaker-saas"]
FIRST_SEEN = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
STALE_BEFORE = FIRST_SEEN - dt.timedelta(days=30)
WIN_START = dt.datetime(2026, 11, 5, tzinfo=dt.timezone.utc)
WIN_END = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
# file -> sigwatch kind, reader
FILES = {
    "zscaler-insights.json": "feed",
    "cloudflare-one-changelog.html": "html",
    "twingate-changelog.html": "html",
    "twingate-ashby.json": "ashby",
    "zscaler-greenhouse.json": "greenhouse",
    "netmaker-lever.json": "lever",
    "gnews-search.xml": "feed",
    "hn-search.xml": "feed",
    "netops-dispatch.xml": "feed",
    "businesswire-tech.xml": "feed",
}
TITLE_ONLY = {"gnews-search.xml", "hn-search.xml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"

ERRORS = []


def err(msg):
    ERRORS.append(msg)


# ------------------------------------------------------------ HTML
class Text(HTMLParser):
    """Visible text: entities decoded, script/style/template dropped, no attributes."""
    BLOCK = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul",
             "ol", "table", "figure", "blockquote", "pre", "section", "article", "hr"}
    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(s):
    p = Text()
    p.feed(s or "")
    p.close()
    t = re.sub(r"[ \t\u00a0]+", " ", "".join(p.out))
    return re.sub(r"\s*\n\s*", "\n", t).strip()


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.kids = tag, dict(attrs), parent, []
        self.start = self.end = 0


VOID = {"meta", "link", "img", "br", "hr", "input", "source", "col", "area", "base", "wbr"}


class Tree(HTMLParser):
    """A small DOM with source offsets, enough to mirror this corpus's XPaths."""

    def __init__(self, src):
        super().__init__(convert_charrefs=True)
        self.src = src
        self.lines = [0]
        for m in re.finditer("\n", src):
            self.lines.append(m.end())
        self.root = Node("#root", [], None)
        self.cur = self.root

    def pos(self):
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        n.start = self.pos()
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n
        else:
            n.end = n.start + len(self.get_starttag_text())

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is self.root:
            return
        n.end = self.src.index(">", self.pos()) + 1
        self.cur = n.parent


def walk(n):
    yield n
    for k in n.kids:
        yield from walk(k)


def has_class(n, c):
    return c in n.attrs.get("class", "").split()


Item = collections.namedtuple("Item", "id title date lang raw text")


def read_html(name, src):
    t = Tree(src)
    t.feed(src)
    t.close()
    page_lang = t.root.kids and next((n.attrs.get("lang") for n in walk(t.root) if n.tag == "html"), None)
    out = []
    if name == "cloudflare-one-changelog.html":
        nodes = [n for n in walk(t.root) if n.tag == "article" and has_class(n, "changelog-entry")]
    else:
        nodes = [k for n in walk(t.root) if n.tag == "ul" and n.attrs.get("id") == "releases"
                 for k in n.kids if k.tag == "li"]
    for n in nodes:
        sub = list(walk(n))
        if name == "cloudflare-one-changelog.html":
            h = next(x for x in sub if x.tag == "h2")
            link = next(x for x in walk(h) if x.tag == "a").attrs["href"]
            body = next(x for x in sub if x.tag == "div" and has_class(x, "entry-body"))
        else:
            h = next(x for x in sub if x.tag == "h3")
            link = next(x for x in sub if x.tag == "a" and x.attrs.get("class") == "permalink").attrs["href"]
            body = next(x for x in sub if x.tag == "div" and x.attrs.get("class") == "notes")
        title = html_text(src[h.start:h.end])
        date = dt.datetime.fromisoformat(next(x for x in sub if x.tag == "time").attrs["datetime"]).replace(tzinfo=dt.timezone.utc)
        raw = src[n.start:n.end]
        out.append(Item(link, title, date, n.attrs.get("lang") or page_lang, raw,
                        html_text(src[body.start:body.end])))
    return out


# ------------------------------------------------------------ other readers
def read_jsonfeed(src):
    d = json.loads(src)
    if not d.get("version", "").startswith("https://jsonfeed.org/version/1"):
        err("zscaler-insights.json: not a JSON Feed")
    out = []
    for it in d["items"]:
        raw = it.get("content_html", "")
        out.append(Item(it["id"], it["title"], dt.datetime.fromisoformat(it["date_published"]),
                        it.get("language") or d.get("language"), json.dumps(it, ensure_ascii=False),
                        html_text(raw)))
    return out


def read_ashby(src):
    d = json.loads(src)
    return [Item(j["id"], j["title"], dt.datetime.fromisoformat(j["publishedAt"]), None,
                 j["descriptionHtml"], j["descriptionPlain"])
            for j in d["jobs"] if j.get("isListed", True)]


def read_greenhouse(src):
    d = json.loads(src)
    if d["meta"]["total"] != len(d["jobs"]):
        err("zscaler-greenhouse.json: meta.total does not match the jobs")
    out = []
    for j in d["jobs"]:
        raw = html.unescape(j["content"])
        date = dt.datetime.fromisoformat(j.get("first_published") or j["updated_at"])
        out.append(Item(str(j["id"]), j["title"], date, j.get("language"), raw, html_text(raw)))
    return out


def read_lever(src):
    out = []
    for p in json.loads(src):
        raw = p["description"] + "".join(l["content"] for l in p["lists"]) + p["additional"]
        out.append(Item(p["id"], p["text"], dt.datetime.fromtimestamp(p["createdAt"] / 1000, dt.timezone.utc),
                        None, raw, html_text(raw)))
    return out


def read_rss(path):
    root = ET.parse(path).getroot()
    ch = root.find("channel")
    feed_lang = ch.findtext("language")
    out = []
    for it in ch.iter("item"):
        enc = it.find(NS_CONTENT)
        raw = enc.text if enc is not None else it.findtext("description")
        out.append(Item(it.findtext("guid"), it.findtext("title"), parsedate_to_datetime(it.findtext("pubDate")),
                        it.get(XML_LANG) or feed_lang, raw or "", html_text(raw)))
    return out


def read(name):
    path = os.path.join(ROOT, name)
    src = open(path, encoding="utf-8").read()
    if name.endswith(".html"):
        return read_html(name, src)
    if name.endswith(".xml"):
        r = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
        if r.returncode:
            err(f"{name}: xmllint: {r.stderr.strip()[:300]}")
        return read_rss(path)
    kind = FILES[name]
    return {"feed": read_jsonfeed, "ashby": read_ashby, "greenhouse": read_greenhouse,
            "lever": read_lever}[kind](src)


def sigwatch_ids(exe, name):
    r = subprocess.run([exe, "parse", "--kind", FILES[name], os.path.join(ROOT, name)],
                       capture_output=True, text=True)
    if r.returncode:
        err(f"{name}: sigwatch parse failed: {r.stderr.strip()[:300]}")
        return None
    return json.loads(r.stdout)["items"]


# ------------------------------------------------------------ markup traps
# (file, title prefix): words present in the raw markup that must not be in the text
MUST_NOT_COUNT = {
    ("zscaler-insights.json", "ZDX now tells you"): ["peer-to-peer", "mesh", "small business", "small-business"],
    ("cloudflare-one-changelog.html", "Gateway: export DNS logs"): ["mesh", "peer-to-peer", "cloudflare connect"],
    ("cloudflare-one-changelog.html", "Logpush: five new fields"): ["mesh-peer-routes"],
    ("twingate-changelog.html", "DNS filtering: custom block"): ["workload-identity", "service-discovery", "machine-to-machine"],
    ("zscaler-greenhouse.json", "Senior Financial Analyst"): ["small-business", "peer-to-peer", "mesh"],
    ("netops-dispatch.xml", "Magic Transit absorbed"): ["mesh networking", "peer-to-peer", "cloudflare connect"],
    ("hn-search.xml", "The press release that wasn't"): ["zscaler-to-acquire-twingate"],
}
URL = re.compile(r"https?://\S+")


def trap_checks(name, items, texts):
    for (feed, prefix), words in MUST_NOT_COUNT.items():
        if feed != name:
            continue
        hits = [i for i in items if i.title.startswith(prefix)]
        if len(hits) != 1:
            err(f"{name}: trap item '{prefix}' found {len(hits)} times")
            continue
        it = hits[0]
        text = URL.sub(" ", texts.get(it.id, it.text) + "\n" + it.title).lower()
        raw = it.raw.lower() + (it.id.lower() if name.endswith(".html") else "")
        if name == "hn-search.xml":
            raw = open(os.path.join(ROOT, name), encoding="utf-8").read().lower()
        for w in words:
            if w not in raw:
                err(f"{name}: '{prefix}': '{w}' missing from the raw markup")
            if w in text:
                err(f"{name}: '{prefix}': '{w}' is visible text")


# ------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sigwatch", default=os.environ.get("SIGWATCH", os.path.join(TREE, "build", "sigwatch")))
    a = ap.parse_args()
    have_sw = os.access(a.sigwatch, os.X_OK)

    items, texts = {}, {}
    for name in FILES:
        items[name] = read(name)
        c = collections.Counter(i.id for i in items[name])
        for k, v in c.items():
            if v != 1:
                err(f"{name}: id {k} occurs {v} times")
        if have_sw and FILES[name] != "html":
            parsed = sigwatch_ids(a.sigwatch, name)
            if parsed is not None:
                if sorted(p["id"] for p in parsed) != sorted(c):
                    err(f"{name}: sigwatch parse ids differ from the corpus reader's")
                texts[name] = {p["id"]: p["text"] or "" for p in parsed}
        trap_checks(name, items[name], texts.get(name, {}))
    print(f"ids checked against sigwatch parse: {'yes (' + a.sigwatch + ')' if have_sw else 'no (sigwatch not built)'}")

    rows = []
    with open(os.path.join(ROOT, "labels.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["feed_file", "item_id", "expected_playbook", "difficulty", "note"]:
            err(f"labels.tsv: bad header {header}")
        for n, line in enumerate(f, 2):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 5:
                err(f"labels.tsv:{n}: {len(cols)} columns")
                continue
            rows.append((n, *cols))

    by_id = {name: {i.id: i for i in its} for name, its in items.items()}
    seen = collections.Counter()
    for n, feed, iid, pb, diff, note in rows:
        if feed not in items:
            err(f"labels.tsv:{n}: unknown feed_file {feed}")
            continue
        if pb not in PLAYBOOKS + ["none"]:
            err(f"labels.tsv:{n}: bad expected_playbook {pb}")
        if diff not in ("easy", "hard"):
            err(f"labels.tsv:{n}: bad difficulty {diff}")
        if not note.strip():
            err(f"labels.tsv:{n}: empty note")
        it = by_id[feed].get(iid)
        if it is None:
            err(f"labels.tsv:{n}: item_id {iid} not in {feed}")
            continue
        seen[(feed, iid)] += 1
        if note.startswith("Stale:"):
            if it.date >= STALE_BEFORE or pb != "none":
                err(f"labels.tsv:{n}: stale item must be labelled none and dated before {STALE_BEFORE:%Y-%m-%d}")
        elif not (WIN_START <= it.date < WIN_END):
            err(f"labels.tsv:{n}: date {it.date} outside 2026-11-05..2026-11-30")
        foreign = bool(it.lang) and not it.lang.lower().startswith("en")
        if foreign != ("Non-English" in note):
            err(f"labels.tsv:{n}: declared language {it.lang!r} but note {'lacks' if foreign else 'says'} Non-English")
        if feed in TITLE_ONLY and "Title-only item" not in note:
            err(f"labels.tsv:{n}: title-only source but the note does not say 'Title-only item'")
    for name, its in items.items():
        for i in its:
            if seen[(name, i.id)] != 1:
                err(f"{name}: item {i.id} ({i.title}) labelled {seen[(name, i.id)]} times")

    # ---------------------------------------------------------------- counts
    total = len(rows)
    per = collections.Counter((r[3], r[4]) for r in rows)
    per_pb = collections.Counter(r[3] for r in rows)
    grid = collections.defaultdict(collections.Counter)
    for r in rows:
        grid[r[1]][r[3]] += 1
    pos = total - per_pb["none"]
    hard_neg = per[("none", "hard")]
    print(f"\nitems: {total}   positives: {pos}   negatives: {per_pb['none']} ({hard_neg} hard)\n")
    print(f"{'expected_playbook':22} {'easy':>5} {'hard':>5} {'total':>6}")
    for pb in PLAYBOOKS + ["none"]:
        print(f"{pb:22} {per[(pb, 'easy')]:5} {per[(pb, 'hard')]:5} {per_pb[pb]:6}")
    short = ["cf", "zs-acq", "zs-smb", "tg", "nm"]
    print(f"\n{'feed_file':30} " + " ".join(f"{s:>6}" for s in short) + f" {'none':>5} {'total':>6}")
    for name in FILES:
        g = grid[name]
        print(f"{name:30} " + " ".join(f"{g[pb]:6}" for pb in PLAYBOOKS) + f" {g['none']:5} {sum(g.values()):6}")
    notes = [r[5] for r in rows]
    print(f"\ntitle-only: {sum('Title-only item' in x for x in notes)}   stale: {sum(x.startswith('Stale:') for x in notes)}"
          f"   non-English: {sum('Non-English' in x for x in notes)}   cross-playbook traps: "
          f"{sum(x.startswith('Cross-playbook trap') for x in notes)}   buried signals: {sum('Buried signal' in x for x in notes)}")

    if total < 170:
        err(f"only {total} items (want >= 170)")
    for pb in PLAYBOOKS:
        if per_pb[pb] < 12:
            err(f"{pb}: only {per_pb[pb]} positives (want >= 12)")
    if hard_neg < pos:
        err(f"hard negatives ({hard_neg}) fewer than positives ({pos})")
    print()
    if ERRORS:
        print(f"FAILED: {len(ERRORS)} problem(s)")
        for e in ERRORS:
            print("  " + e)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
