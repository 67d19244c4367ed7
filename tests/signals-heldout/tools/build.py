#!/usr/bin/env python3
"""Render the held-out corpus from tools/src/*.py into feed files and labels.tsv.

Usage: python3 tools/build.py        (from anywhere; rewrites the files in place)

Each module in tools/src/ describes one feed file: FILE, META and ITEMS (see
src/common.py). Item ids are derived from each item's key, so a rebuild keeps
them stable. The output is deterministic.
"""
import sys as _sys
_sys.dont_write_bytecode = True
import datetime as dt
import hashlib
import html
import importlib
import json
import os
import sys
import uuid
from email.utils import format_datetime
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

MODULES = ["zscaler_insights", "cloudflare_one_changelog", "twingate_changelog",
           "twingate_ashby", "zscaler_greenhouse", "netmaker_lever",
           "gnews_search", "hn_search", "netops_dispatch", "businesswire_tech"]


# ------------------------------------------------------------ helpers
def h(key, n=32):
    return hashlib.sha256(("heldout-b:" + key).encode()).digest()[:n]


def uid(key):
    return str(uuid.UUID(bytes=h(key, 16), version=4))


def num(key, digits):
    return int.from_bytes(h(key, 8), "big") % (10 ** digits)


def when(s):
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=dt.timezone.utc)


def rfc822(s):
    return format_datetime(when(s), usegmt=True)


def rfc3339(s, offset_h=0):
    tz = dt.timezone(dt.timedelta(hours=offset_h))
    return when(s).astimezone(tz).isoformat()


def ms(s):
    return int(when(s).timestamp() * 1000)


class Plain(HTMLParser):
    """HTML -> plain text the way job boards write their *Plain fields."""
    BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "ul", "ol", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "li":
            self.out.append("\n• ")
        elif tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        elif tag in self.BLOCK or tag == "li":
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def plain(s):
    p = Plain()
    p.feed(s)
    p.close()
    lines = [" ".join(x.split()) for x in "".join(p.out).split("\n")]
    out, blank = [], False
    for x in lines:
        if x:
            out.append(x)
    return "\n".join(out)


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def esc(s):
    return html.escape(s, quote=False)


def attr(s):
    return html.escape(s, quote=True)


def lang_attr(it):
    return f' xml:lang="{it["lang"]}"' if it.get("lang") else ""


# ------------------------------------------------------------ renderers
def r_jsonfeed(m):
    items = []
    for it in m.ITEMS:
        url = it["link"]
        o = {"id": url, "url": url, "title": it["title"],
             "content_html": it["body"],
             "summary": it["summary"],
             "date_published": rfc3339(it["date"], -8),
             "authors": [{"name": a} for a in it["authors"]],
             "tags": it.get("tags", [])}
        if it.get("image"):
            o["image"] = it["image"]
        if it.get("lang"):
            o["language"] = it["lang"]
        items.append((o, url, it))
    doc = dict(m.META)
    doc["items"] = [o for o, _, _ in items]
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    return text, [(i, it) for _, i, it in items]


def r_ashby(m):
    jobs, ids = [], []
    for it in m.ITEMS:
        i = uid(it["key"])
        body = it["body"] + m.BOILERPLATE
        j = {"id": i, "title": it["title"], "department": it["department"],
             "team": it["team"], "employmentType": it.get("employment", "FullTime"),
             "location": it["location"], "secondaryLocations": it.get("secondary", []),
             "isRemote": it.get("remote", True),
             "workplaceType": "Remote" if it.get("remote", True) else "Hybrid",
             "publishedAt": when(it["date"]).strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
             "isListed": it.get("listed", True),
             "jobUrl": f"https://jobs.ashbyhq.com/twingate/{i}",
             "applyUrl": f"https://jobs.ashbyhq.com/twingate/{i}/application",
             "descriptionHtml": body, "descriptionPlain": plain(body),
             "shouldDisplayCompensationOnJobPostings": True,
             "compensation": {"compensationTierSummary": it["pay"],
                              "scrapeableCompensationSalarySummary": it["pay"]}}
        jobs.append(j)
        if it.get("listed", True):
            ids.append((i, it))
    text = json.dumps({"apiVersion": "1", "jobs": jobs}, indent=2, ensure_ascii=False) + "\n"
    return text, ids


def r_greenhouse(m):
    jobs, ids = [], []
    for it in m.ITEMS:
        i = 4000000000 + num(it["key"], 9) // 1000 * 1000 + 7
        body = m.INTRO + it["body"] + m.BOILERPLATE.replace("{PAY}", it["pay"])
        j = {"absolute_url": f"https://job-boards.greenhouse.io/zscaler/jobs/{i}",
             "data_compliance": [{"type": "gdpr", "requires_consent": False,
                                  "requires_processing_consent": False,
                                  "requires_retention_consent": False,
                                  "retention_period": None}],
             "internal_job_id": 3000000 + num(it["key"] + "/i", 6),
             "location": {"name": it["location"]},
             "metadata": None, "id": i,
             "updated_at": rfc3339(it.get("updated", it["date"]), -7),
             "requisition_id": f"R{num(it['key'] + '/r', 5):05d}",
             "title": it["title"], "company_name": "Zscaler",
             "first_published": rfc3339(it["date"], -7), "language": "en",
             "content": html.escape(body, quote=True),
             "departments": [{"id": 4000000 + num(it["department"], 6), "name": it["department"],
                              "child_ids": [], "parent_id": None}],
             "offices": [{"id": 4100000 + num(it["location"], 6), "name": it["location"],
                          "location": it["location"], "child_ids": [], "parent_id": None}]}
        jobs.append(j)
        ids.append((str(i), it))
    doc = {"jobs": jobs, "meta": {"total": len(jobs)}}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n", ids


def r_lever(m):
    out, ids = [], []
    for it in m.ITEMS:
        i = uid(it["key"])
        lists = [{"text": t, "content": "".join(f"<li>{x}</li>" for x in xs)}
                 for t, xs in it["lists"]]
        desc = it["body"]
        p = {"additional": m.ADDITIONAL, "additionalPlain": plain(m.ADDITIONAL),
             "categories": {"commitment": it.get("commitment", "Full-time"),
                            "department": it["department"], "location": it["location"],
                            "team": it["team"], "allLocations": [it["location"]]},
             "createdAt": ms(it["date"]),
             "descriptionPlain": plain(m.OPENING + desc),
             "description": m.OPENING + desc,
             "descriptionBody": desc, "descriptionBodyPlain": plain(desc),
             "opening": m.OPENING, "openingPlain": plain(m.OPENING),
             "id": i, "lists": lists, "text": it["title"], "country": it.get("country", "US"),
             "workplaceType": "remote",
             "hostedUrl": f"https://jobs.lever.co/gravitl/{i}",
             "applyUrl": f"https://jobs.lever.co/gravitl/{i}/apply"}
        if it.get("salary"):
            p["salaryRange"] = {"currency": "USD", "interval": "per-year-salary",
                                "min": it["salary"][0], "max": it["salary"][1]}
        out.append(p)
        ids.append((i, it))
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n", ids


def r_html(m):
    parts, ids = [], []
    for it in m.ITEMS:
        parts.append(m.entry(it))
        ids.append((it["link"], it))
    return m.PAGE_HEAD + "\n".join(parts) + m.PAGE_TAIL, ids


def rss_head(title, link, desc, lang, extra_ns="", extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0"{extra_ns}>\n<channel>\n'
            f"<title>{esc(title)}</title>\n<link>{esc(link)}</link>\n"
            f"<description>{esc(desc)}</description>\n<language>{lang}</language>\n{extra}")


def r_gnews(m):
    out = [rss_head(m.META["title"], m.META["link"], "Google News", "en-US",
                    ' xmlns:media="http://search.yahoo.com/mrss/"',
                    "<generator>NFE/5.0</generator>\n"
                    "<webMaster>news-webmaster@google.com</webMaster>\n"
                    "<copyright>2026 Google Inc.</copyright>\n"
                    f"<lastBuildDate>{rfc822(m.META['built'])}</lastBuildDate>\n")]
    ids = []
    for it in m.ITEMS:
        g = "CBMi" + __import__("base64").urlsafe_b64encode(h(it["key"]) + h(it["key"] + "/2", 40)).decode().rstrip("=")
        link = f"https://news.google.com/rss/articles/{g}?oc=5"
        headline, pub = it["title"].rsplit(" - ", 1)
        desc = (f'<a href="{attr(link)}" target="_blank">{esc(headline)}</a>'
                f'&nbsp;&nbsp;<font color="#6f6f6f">{esc(pub)}</font>')
        out.append(f"<item>\n<title>{esc(it['title'])}</title>\n<link>{esc(link)}</link>\n"
                   f'<guid isPermaLink="false">{g}</guid>\n<pubDate>{rfc822(it["date"])}</pubDate>\n'
                   f"<description>{esc(desc)}</description>\n"
                   f'<source url="{attr(it["site"])}">{esc(pub)}</source>\n</item>\n')
        ids.append((g, it))
    out.append("</channel>\n</rss>\n")
    return "".join(out), ids


def r_hn(m):
    out = [rss_head(m.META["title"], "https://news.ycombinator.com/", "Hacker News RSS", "en-us",
                    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"',
                    "<docs>https://hnrss.org/</docs>\n<generator>hnrss v2.1.1</generator>\n"
                    f"<lastBuildDate>{rfc822(m.META['built'])}</lastBuildDate>\n"
                    f'<atom:link href="{attr(m.META["self"])}" rel="self" type="application/rss+xml"></atom:link>\n')]
    ids = []
    for it in m.ITEMS:
        n = 45900000 + num(it["key"], 6) % 900000
        hn = f"https://news.ycombinator.com/item?id={n}"
        url = it.get("url") or hn
        body = ""
        if it.get("body"):
            body = it["body"] + "\n<hr>"
        if it.get("url"):
            body += f'\n<p>Article URL: <a href="{attr(url)}">{esc(url)}</a></p>'
        body += (f'\n<p>Comments URL: <a href="{attr(hn)}">{esc(hn)}</a></p>\n'
                 f"<p>Points: {it['points']}</p>\n<p># Comments: {it['comments']}</p>\n")
        out.append(f"<item>\n<title>{cdata(it['title'])}</title>\n<description>{cdata(body)}</description>\n"
                   f"<pubDate>{rfc822(it['date'])}</pubDate>\n<link>{esc(url)}</link>\n"
                   f"<dc:creator>{esc(it['by'])}</dc:creator>\n<comments>{esc(hn)}</comments>\n"
                   f'<guid isPermaLink="false">{esc(hn)}</guid>\n</item>\n')
        ids.append((hn, it))
    out.append("</channel>\n</rss>\n")
    return "".join(out), ids


def r_trade(m):
    out = [rss_head(m.META["title"], m.META["link"], m.META["description"], "en-US",
                    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
                    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
                    ' xmlns:atom="http://www.w3.org/2005/Atom"'
                    ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/"',
                    f'<atom:link href="{m.META["link"]}feed/" rel="self" type="application/rss+xml" />\n'
                    f"<lastBuildDate>{rfc822(m.META['built'])}</lastBuildDate>\n"
                    "<generator>https://wordpress.org/?v=6.8.2</generator>\n")]
    ids = []
    for it in m.ITEMS:
        p = 20000 + num(it["key"], 4)
        g = f"{m.META['link']}?p={p}"
        cats = "".join(f"<category>{cdata(c)}</category>\n" for c in it.get("cats", []))
        out.append(f"<item{lang_attr(it)}>\n<title>{esc(it['title'])}</title>\n"
                   f"<link>{m.META['link']}{it['slug']}/</link>\n"
                   f"<dc:creator>{cdata(it['author'])}</dc:creator>\n"
                   f"<pubDate>{rfc822(it['date'])}</pubDate>\n{cats}"
                   f'<guid isPermaLink="false">{g}</guid>\n'
                   f"<description>{cdata(it['dek'])}</description>\n"
                   f"<content:encoded>{cdata(it['body'])}</content:encoded>\n"
                   f"<slash:comments>{num(it['key'] + '/c', 2) % 14}</slash:comments>\n</item>\n")
        ids.append((g, it))
    out.append("</channel>\n</rss>\n")
    return "".join(out), ids


def r_wire(m):
    out = [rss_head(m.META["title"], m.META["link"], m.META["description"], "en-US",
                    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
                    f"<copyright>Copyright 2026 Business Wire</copyright>\n"
                    f"<lastBuildDate>{rfc822(m.META['built'])}</lastBuildDate>\n"
                    "<ttl>10</ttl>\n")]
    ids = []
    for it in m.ITEMS:
        d = when(it["date"])
        code = f"{d:%Y%m%d}{num(it['key'], 6) % 900000 + 5000:06d}"
        lang = it.get("lang", "en")
        link = f"https://www.businesswire.com/news/home/{code}/{lang}/{it['slug']}"
        body = it["body"]
        for k, v in m.BOILERPLATE.items():
            body = body.replace("{" + k + "}", v)
        cats = "".join(f"<category>{esc(c)}</category>\n" for c in it.get("cats", []))
        out.append(f"<item{lang_attr(it)}>\n<title>{esc(it['title'])}</title>\n<link>{esc(link)}</link>\n"
                   f'<guid isPermaLink="false">{esc(link)}</guid>\n'
                   f"<pubDate>{rfc822(it['date'])}</pubDate>\n"
                   f"<dc:creator>{esc(it['company'])}</dc:creator>\n{cats}"
                   f"<description>{esc(body)}</description>\n</item>\n")
        ids.append((link, it))
    out.append("</channel>\n</rss>\n")
    return "".join(out), ids


RENDER = {"jsonfeed": r_jsonfeed, "ashby": r_ashby, "greenhouse": r_greenhouse,
          "lever": r_lever, "html": r_html, "gnews": r_gnews, "hn": r_hn,
          "trade": r_trade, "wire": r_wire}


def main():
    rows = []
    for name in sys.argv[1:] or MODULES:
        m = importlib.import_module("src." + name)
        text, ids = RENDER[m.RENDER](m)
        with open(os.path.join(ROOT, m.FILE), "w", encoding="utf-8") as f:
            f.write(text)
        seen = set()
        for i, it in ids:
            assert i not in seen, (m.FILE, i)
            seen.add(i)
            assert "\t" not in it["note"] and "\n" not in it["note"], it["key"]
            rows.append((m.FILE, i, it["pb"], it["diff"], it["note"]))
        print(f"{m.FILE:32} {len(ids):4} items")
    with open(os.path.join(ROOT, "labels.tsv"), "w", encoding="utf-8") as f:
        f.write("feed_file\titem_id\texpected_playbook\tdifficulty\tnote\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{'labels.tsv':32} {len(rows):4} rows")


if __name__ == "__main__":
    main()
