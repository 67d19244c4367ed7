#!/usr/bin/python3
"""gen.py: the deterministic corpus of `make bench`.

    python3 bench/gen.py --out DIR --sources N --items M [--seed S]

writes, for N sources of M items each (the same arguments always give the
same bytes):

    DIR/feeds/NNNNN.xml   RSS 2.0 (even N; every third of them also carries
                          content:encoded) or Atom 1.0 (odd N), each item
                          with a realistic HTML body (paragraphs, lists,
                          links, inline markup, entities, an occasional
                          script or comment that must not reach the rules)
    DIR/sources.json      [{"id", "file", "format", "competitor", "tags",
                          "last_modified"}...]
    DIR/truth.json        {"hits": [{"rule", "source", "item"}...],
                          "planted": {kind: count}, "bytes": total}
    DIR/rules/bench-signals.yaml   the rules the planted phrases hit

Signal phrases are planted in about one item in twenty, together with
decoys that look alike but must NOT match (too far apart for a |near, an
excluded context, only one half of an AND). The filler vocabulary avoids
every term of the default rules, so the default rules, which run too (for
a realistic matching cost), must find nothing: the ground truth is exactly
the hits of the bench rules.

Also `--seen-state DIR --sources 100 --history 10000 --items 30` writes the
items/ and sources/ files of a state directory holding N x HISTORY items
(see bench/harness.py, the seen-index measurement).
"""

import argparse
import hashlib
import json
import os
import random
import sys
from email.utils import formatdate
from xml.sax.saxutils import escape

COMPETITORS = ["cloudflare", "zscaler", "twingate", "zerotier", "netmaker",
               "globex"]
EPOCH = 1735689600          # 2025-01-01T00:00:00Z

NOUNS = """dashboard release database cache compiler scheduler billing export
report query index storage bucket pipeline workflow template widget chart
metric alert runbook backup snapshot invoice forecast roadmap customer
team meeting summary checklist calendar spreadsheet document editor plugin
theme font layout sidebar footer header button form field table column row
record schema migration upgrade patch build artifact package library module
function method parameter variable constant string integer float boolean
array object map list queue stack heap tree graph node edge path route view
page site domain certificate mailbox newsletter webinar podcast interview
tutorial guide handbook glossary changelog benchmark profile trace sample
region zone cluster instance container image volume quota limit threshold
latency throughput uptime incident postmortem retrospective sprint milestone
feature option setting preference account invoice receipt payment refund""".split()
VERBS = """improves simplifies speeds reduces adds removes updates refines
extends replaces documents explains measures tracks exports imports renders
formats validates compresses caches indexes schedules summarizes organizes
groups filters sorts highlights""".split()
ADJS = """faster simpler smaller cleaner clearer safer newer older quieter
steady predictable flexible readable portable reliable efficient modest
careful practical familiar gradual consistent incremental optional default
detailed compact generous patient""".split()
CONNECT = """and but so while because although since then also still
however meanwhile instead""".split()
PEOPLE = ["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dana Levi", "Eli Novak",
          "Fatima Zahra", "Gus Moreau", "Hana Sato", "Ivan Petrov",
          "Jo Lindqvist"]
CATS = ["engineering", "product", "company", "tutorials", "updates",
        "performance", "design", "community"]

RULES_YAML = r"""# Rules of `make bench` (bench/gen.py writes this file next to a copy of
# the project's default rules). They hit the phrases gen.py plants; the
# decoys it plants beside them must not match.
---
id: bench-launch
title: A product launch named in the bench corpus
severity: high
detection:
  product:
    - '\bhelios\s+relay\b'
    - '\bproject\s+lumen\b'
tests:
  match: ["Introducing Helios Relay", "PROJECT LUMEN ships"]
  nomatch: ["a relay named helios"]
---
id: bench-pricing
title: A pricing change with a community edition or per-seat price
severity: medium
detection:
  change:
    title: ['\bpricing\b']
    text: ['\bcommunity\s+edition\b', '\bper[-\s]seat\b']
tests:
  nomatch: ["pricing"]
---
id: bench-acquisition
title: An acquisition of Nimbus Labs, not a rumour
severity: critical
detection:
  deal:
    text|near=8: ['\bacquir\w*', '\bnimbus\s+labs\b']
  rumour:
    - '\brumou?rs?\b|\bspeculat\w*'
  condition: deal and not rumour
tests:
  match: ["We acquired Nimbus Labs this week"]
  nomatch: ["Rumours say we acquired Nimbus Labs"]
---
id: bench-exec
title: A new chief officer appointed
severity: low
fields: [title]
detection:
  appoint:
    title|all: ['\bappoints?\b|\bnames\b', '\bchief\s+\w+\s+officer\b']
tests:
  match: ["Globex appoints a Chief Revenue Officer"]
  nomatch: ["Chief Revenue Officer interview"]
"""


def words(r, n):
	out = []
	for i in range(n):
		c = r.random()
		if c < 0.45:
			out.append(r.choice(NOUNS))
		elif c < 0.65:
			out.append(r.choice(ADJS))
		elif c < 0.82:
			out.append(r.choice(VERBS))
		else:
			out.append(r.choice(CONNECT))
	return out


def sentence(r, n=None):
	w = words(r, n or r.randint(8, 18))
	w[0] = w[0].capitalize()
	return " ".join(w) + "."


def inline(r, text):
	"""decorate some words of text with inline markup and entities"""
	w = text.split(" ")
	for _ in range(r.randint(0, 3)):
		i = r.randrange(len(w))
		k = r.random()
		if k < 0.3:
			w[i] = "<strong>%s</strong>" % w[i]
		elif k < 0.55:
			w[i] = '<a href="/docs/%s">%s</a>' % (r.choice(NOUNS), w[i])
		elif k < 0.75:
			w[i] = "<em>%s</em>" % w[i]
		elif k < 0.9:
			w[i] = "<code>%s</code>" % w[i]
		else:
			w[i] = w[i] + " &amp; " + r.choice(NOUNS) + "&nbsp;&mdash;"
	return " ".join(w)


def title_words(r):
	w = words(r, r.randint(4, 9))
	return " ".join(x.capitalize() if i == 0 else x for i, x in enumerate(w))


# plants: (kind, positive rule or None, title or None, html fragment)
def plant(r, kind, comp):
	# no competitor name: the default rules must stay silent
	name = r.choice(["the board", "our company", "the team"])
	f = " ".join(words(r, 25))	# 25 filler words: farther than any |near
	if kind == "launch-text":
		return "bench-launch", None, "<p>Today %s is launching <strong>Helios</strong> Relay for every %s.</p>" % (name, r.choice(NOUNS))
	if kind == "launch-title":
		return "bench-launch", "PROJECT LUMEN: %s" % title_words(r), None
	if kind == "pricing":
		return "bench-pricing", "New pricing for %s teams" % r.choice(NOUNS), "<p>The community&nbsp;edition keeps every %s, and larger teams are billed per-seat.</p>" % r.choice(NOUNS)
	if kind == "acq":
		return "bench-acquisition", None, "<p>We have <em>acquired</em> Nimbus Labs, the team behind the %s.</p>" % r.choice(NOUNS)
	if kind == "exec":
		return "bench-exec", "%s appoints a new Chief Revenue Officer" % name.capitalize(), None
	# decoys
	if kind == "decoy-far":
		return None, None, "<p>Nimbus Labs %s.</p><p>%s acquired.</p>" % (f, " ".join(words(r, 6)).capitalize())
	if kind == "decoy-rumour":
		return None, None, "<p>Rumours say %s acquired Nimbus Labs last week.</p>" % name
	if kind == "decoy-pricing":
		return None, None, "<p>A community edition for the %s stays the same.</p>" % r.choice(NOUNS)
	if kind == "decoy-title":
		return None, "Pricing notes for the %s" % r.choice(NOUNS), None
	if kind == "decoy-exec":
		return None, "An interview with our Chief Revenue Officer", "<p>%s appoints nobody.</p>" % name.capitalize()
	if kind == "decoy-launch":
		return None, None, "<p>A relay called helios and a lumen project, %s.</p>" % r.choice(NOUNS)
	raise ValueError(kind)


POSITIVE = ["launch-text", "launch-title", "pricing", "acq", "exec"]
DECOYS = ["decoy-far", "decoy-rumour", "decoy-pricing", "decoy-title",
          "decoy-exec", "decoy-launch"]


def body(r, extra):
	parts = []
	npar = r.randint(2, 5)
	for i in range(npar):
		if i == 1 and r.random() < 0.4:
			parts.append("<h2>%s</h2>" % title_words(r))
		parts.append("<p>%s</p>" % inline(r, " ".join(sentence(r) for _ in range(r.randint(1, 3)))))
		if i == 0 and r.random() < 0.35:
			parts.append("<ul>%s</ul>" % "".join("<li>%s</li>" % inline(r, sentence(r, r.randint(3, 7))) for _ in range(r.randint(2, 4))))
		if i == 1 and r.random() < 0.2:
			parts.append('<figure><img src="/img/%s.png" alt="%s"><figcaption>%s</figcaption></figure>' % (r.choice(NOUNS), escape(sentence(r, 4)), sentence(r, 5)))
	if r.random() < 0.1:
		parts.append("<script>var t = 'helios relay acquired nimbus labs';</script>")
	if r.random() < 0.1:
		parts.append("<!-- project lumen draft -->")
	for x in extra:
		parts.insert(r.randint(0, len(parts)), x)
	return "\n".join(parts)


def gen_source(r, s, m, host):
	sid = "bench-%05d" % s
	comp = COMPETITORS[s % len(COMPETITORS)]
	fmt = "rss" if s % 2 == 0 else "atom"
	encoded = fmt == "rss" and s % 3 == 0
	items, truth, planted = [], [], {}
	newest = EPOCH - s * 600
	for i in range(m):
		title = title_words(r)
		extra = []
		kinds = []
		x = r.random()
		if x < 0.05:
			kinds.append(r.choice(POSITIVE))
			if r.random() < 0.15:
				kinds.append(r.choice(POSITIVE))
		elif x < 0.08:
			kinds.append(r.choice(DECOYS))
		rules = set()
		for k in kinds:
			planted[k] = planted.get(k, 0) + 1
			rule, t, frag = plant(r, k, comp)
			if rule:
				rules.add(rule)
			if t:
				title = t
			if frag:
				extra.append(frag)
		iid = ("urn:bench:%05d:%04d" % (s, i) if fmt == "rss" else
		       "tag:bench.example,2025:%05d/%04d" % (s, i))
		# a title decoy may have replaced a positive title
		if "bench-exec" in rules and "appoints" not in title:
			rules.discard("bench-exec")
		if "bench-launch" in rules and "Helios" not in "".join(extra) and "LUMEN" not in title:
			rules.discard("bench-launch")
		if "bench-pricing" in rules and not title.startswith("New pricing"):
			rules.discard("bench-pricing")
		for rule in sorted(rules):
			truth.append({"rule": rule, "source": sid, "item": iid})
		items.append({
			"id": iid, "title": title,
			"link": "%s/%s/posts/%04d-%s" % (host, sid, i, r.choice(NOUNS)),
			"date": newest - i * 86400 - r.randint(0, 3600),
			"author": r.choice(PEOPLE),
			"cats": r.sample(CATS, r.randint(1, 3)),
			"html": body(r, extra),
			"summary": sentence(r, 12),
		})
	return sid, comp, fmt, encoded, items, truth, planted, newest


def rfc822(t):
	return formatdate(t, usegmt=True)


def iso(t):
	import time
	return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def render(sid, fmt, encoded, items, newest, host, bump=""):
	o = []
	if fmt == "rss":
		o.append('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
		         'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
		         'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n')
		o.append("<title>%s blog</title>\n<link>%s/%s/</link>\n"
		         "<description>News from %s%s</description>\n"
		         "<lastBuildDate>%s</lastBuildDate>\n" %
		         (sid, host, sid, sid, bump, rfc822(newest)))
		for it in items:
			o.append("<item>\n<title>%s</title>\n<link>%s</link>\n"
			         '<guid isPermaLink="false">%s</guid>\n'
			         "<pubDate>%s</pubDate>\n<dc:creator>%s</dc:creator>\n" %
			         (escape(it["title"]), it["link"], it["id"],
			          rfc822(it["date"]), it["author"]))
			for c in it["cats"]:
				o.append("<category>%s</category>\n" % c)
			if encoded:
				o.append("<description>%s</description>\n"
				         "<content:encoded><![CDATA[%s]]></content:encoded>\n" %
				         (escape(it["summary"]), it["html"]))
			else:
				o.append("<description>%s</description>\n" % escape(it["html"]))
			o.append("</item>\n")
		o.append("</channel>\n</rss>\n")
	else:
		o.append('<?xml version="1.0" encoding="utf-8"?>\n'
		         '<feed xmlns="http://www.w3.org/2005/Atom">\n'
		         "<title>%s news%s</title>\n<id>tag:bench.example,2025:%s</id>\n"
		         '<link rel="alternate" href="%s/%s/"/>\n<updated>%s</updated>\n' %
		         (sid, bump, sid, host, sid, iso(newest)))
		for it in items:
			o.append("<entry>\n<title>%s</title>\n<id>%s</id>\n"
			         '<link rel="alternate" href="%s"/>\n'
			         "<published>%s</published>\n<updated>%s</updated>\n"
			         "<author><name>%s</name></author>\n" %
			         (escape(it["title"]), it["id"], it["link"],
			          iso(it["date"]), iso(it["date"]), it["author"]))
			for c in it["cats"]:
				o.append('<category term="%s"/>\n' % c)
			o.append("<summary>%s</summary>\n" % escape(it["summary"]))
			o.append('<content type="html">%s</content>\n' % escape(it["html"]))
			o.append("</entry>\n")
		o.append("</feed>\n")
	return "".join(o).encode("utf-8")


def write_atomic(path, data):
	tmp = path + ".tmp"
	with open(tmp, "wb") as f:
		f.write(data)
	os.replace(tmp, path)


def gen_corpus(a):
	host = "https://bench.example"
	os.makedirs(os.path.join(a.out, "feeds"), exist_ok=True)
	os.makedirs(os.path.join(a.out, "rules"), exist_ok=True)
	r = random.Random(a.seed)
	sources, truth, planted, total = [], [], {}, 0
	for s in range(a.sources):
		sid, comp, fmt, enc, items, t, p, newest = gen_source(r, s, a.items, host)
		data = render(sid, fmt, enc, items, newest, host)
		fn = "%05d.xml" % s
		write_atomic(os.path.join(a.out, "feeds", fn), data)
		total += len(data)
		truth.extend(t)
		for k, v in p.items():
			planted[k] = planted.get(k, 0) + v
		sources.append({"id": sid, "file": fn, "format": fmt,
		                "competitor": comp,
		                "tags": ["blog"] if s % 4 else ["news"],
		                "last_modified": rfc822(newest)})
	write_atomic(os.path.join(a.out, "rules", "bench-signals.yaml"),
	             RULES_YAML.encode())
	write_atomic(os.path.join(a.out, "sources.json"),
	             json.dumps(sources, indent=1).encode())
	write_atomic(os.path.join(a.out, "truth.json"),
	             json.dumps({"hits": truth, "planted": planted,
	                         "bytes": total, "sources": a.sources,
	                         "items": a.items, "seed": a.seed},
	                        indent=1).encode())
	print("gen: %d sources x %d items, %.1f MB, %d planted hits" %
	      (a.sources, a.items, total / 1e6, len(truth)), file=sys.stderr)


def gen_seen(a):
	"""the seen-index corpus: feeds whose M items are the newest M of a
	HISTORY-item history already in the state's items/ files; a second
	feed variants (feeds-b, feeds-c) differ only in a channel element, so
	their bodies and ETags differ and sigwatch parses them and loads the
	seen index."""
	host = "https://bench.example"
	for d in ("feeds", "feeds-b", "feeds-c"):
		os.makedirs(os.path.join(a.out, d), exist_ok=True)
	r = random.Random(a.seed + 1)
	sources = []
	for s in range(a.sources):
		sid, comp, fmt, enc, items, _, _, newest = gen_source(r, s, a.items, host)
		fn = "%05d.xml" % s
		write_atomic(os.path.join(a.out, "feeds", fn),
		             render(sid, fmt, enc, items, newest, host))
		for v in ("b", "c"):
			write_atomic(os.path.join(a.out, "feeds-" + v, fn),
			             render(sid, fmt, enc, items, newest, host,
			                    bump=" (%s)" % v))
		sources.append({"id": sid, "file": fn, "format": fmt,
		                "competitor": comp, "tags": ["blog"],
		                "last_modified": rfc822(newest)})
	write_atomic(os.path.join(a.out, "sources.json"),
	             json.dumps(sources, indent=1).encode())


def gen_history(a):
	"""append HISTORY - M older items per source to a state directory's
	items/<id>/ files (one file per month, the format sigwatch writes:
	one compact JSON object per line)"""
	r = random.Random(a.seed + 2)
	src = json.load(open(os.path.join(a.corpus, "sources.json")))
	nlines = nbytes = 0
	for s in src:
		sid = s["id"]
		d = os.path.join(a.history_state, "items", sid)
		os.makedirs(d, exist_ok=True)
		bymonth = {}
		base = EPOCH - 400 * 86400
		n = a.history - a.items
		for i in range(n):
			t = base - (n - i) * 3000
			iid = ("urn:bench:old:%s:%06d" % (sid, i))
			o = {"id": iid, "title": title_words(r),
			     "link": "https://bench.example/%s/old/%06d" % (sid, i),
			     "published": iso(t), "updated": None,
			     "author": r.choice(PEOPLE), "categories": [r.choice(CATS)],
			     "text": " ".join(sentence(r) for _ in range(a.text_sentences))}
			import time
			month = time.strftime("%Y-%m", time.gmtime(t))
			bymonth.setdefault(month, []).append(
			    json.dumps(o, separators=(",", ":"), ensure_ascii=False))
		for month, lines in bymonth.items():
			data = ("\n".join(lines) + "\n").encode()
			with open(os.path.join(d, month + ".jsonl"), "ab") as f:
				f.write(data)
			nlines += len(lines)
			nbytes += len(data)
	print("gen: history of %d lines, %.1f MB" % (nlines, nbytes / 1e6),
	      file=sys.stderr)


def main():
	p = argparse.ArgumentParser()
	p.add_argument("--out")
	p.add_argument("--sources", type=int, default=1000)
	p.add_argument("--items", type=int, default=30)
	p.add_argument("--seed", type=int, default=20250101)
	p.add_argument("--seen", action="store_true",
	               help="write the seen-index feeds instead")
	p.add_argument("--history-state", help="append history to this state")
	p.add_argument("--corpus", help="the --seen corpus (for --history-state)")
	p.add_argument("--history", type=int, default=10000)
	p.add_argument("--text-sentences", type=int, default=3)
	a = p.parse_args()
	if a.history_state:
		gen_history(a)
	elif a.seen:
		gen_seen(a)
	else:
		gen_corpus(a)


if __name__ == "__main__":
	main()
