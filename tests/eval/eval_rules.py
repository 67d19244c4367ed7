#!/usr/bin/env python3
"""make eval-rules: the default rules on every labelled signals corpus,
through the real run path.

A signals corpus is a directory of feed documents plus labels.tsv (one row
per item: feed_file, item_id, expected_playbook, difficulty, note), a README
and a feeds file: feeds.yaml in the directory, or tests/eval/feeds/NAME.yaml
here for a corpus that ships none. The feeds file is an ordinary sigwatch
feeds file whose URLs point at http://127.0.0.1:PORT/FILE; PORT (also
written ${PORT}, {PORT} or @PORT@) is replaced with the port of the loopback
fixture server that serves the corpus directory.

For each corpus this script
  1. serves the directory with tests/helpers/fixture_httpd.py on 127.0.0.1,
  2. writes a sigwatch.yaml (the repository's rules/, that feeds file,
     first_run: alert so first-run hits are ordinary hits, private
     addresses allowed for loopback) and runs
         SIGWATCH_NOW=<first seen> sigwatch --config ... run --no-alerts
     so scoping, attribution, language and staleness all apply as in
     production,
  3. drops the hits that count for nothing (stale, silenced, baseline) and
     scores the rest with the corpus scorer (strict per-playbook precision
     and recall: a hit for the wrong playbook is a false positive),
  4. compares the figures with the floors in tests/eval/floors.json.

The first-seen date (the clock of the run) comes from, in order: a
"# first_seen: YYYY-MM-DD" line in the feeds file, "first seen: DATE" or
"first-seen date ... DATE" in the README, "dated before YYYY" or "before the
YYYY-MM-DD watch window" in the README or the labels' notes, else
2025-01-01. It is printed.

Corpora: ../shared/signals-corpus (development set A; when ../shared is
absent the script says so in one line and skips it, but fails when CI is
set) and every tests/signals-*/ directory with a labels.tsv.

Scorer: the corpus's own tools/score.py, else
../shared/signals-corpus/tools/score.py, else the same definition built in.

Usage:
    eval_rules.py [--sigwatch PATH] [--floors FILE] [--only NAME] [-v]
The last line reads "N passed, N failed" (one test per floor and per corpus
run), like every test of `make test`.
"""

import argparse
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(TOP, "..", "shared", "signals-corpus")
PLAYBOOKS = ["cloudflare-connect", "zscaler-acquisition", "zscaler-smb-mesh",
             "twingate-platform", "netmaker-saas"]
CTYPES = {".xml": "application/xml; charset=utf-8",
          ".rss": "application/rss+xml; charset=utf-8",
          ".atom": "application/atom+xml; charset=utf-8",
          ".json": "application/json; charset=utf-8",
          ".html": "text/html; charset=utf-8",
          ".htm": "text/html; charset=utf-8",
          ".txt": "text/plain; charset=utf-8"}
PORT_RE = re.compile(r"\$\{PORT\}|\{\{?PORT\}?\}|@PORT@|\$PORT\b|\bPORT\b")
DEFAULT_NOW = "2025-01-01T00:00:00Z"


class Fail(Exception):
    pass


def corpora(only):
    """[(name, dir, feeds file or None)]"""
    out = []
    if os.path.isfile(os.path.join(SHARED, "labels.tsv")):
        out.append(("signals-corpus", os.path.abspath(SHARED),
                    os.path.join(HERE, "feeds", "signals-corpus.yaml")))
    else:
        out.append(("signals-corpus", None, None))
    tdir = os.path.join(TOP, "tests")
    for name in sorted(os.listdir(tdir)):
        d = os.path.join(tdir, name)
        if name.startswith("signals-") and os.path.isfile(
                os.path.join(d, "labels.tsv")):
            out.append((name, d, os.path.join(d, "feeds.yaml")))
    if only:
        out = [c for c in out if c[0] == only]
    return out


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def first_seen(feeds_text, cdir):
    """(iso timestamp, why)"""
    m = re.search(r"^#\s*first[_ -]seen:\s*(\d{4}-\d\d-\d\d)", feeds_text,
                  re.M | re.I)
    if m:
        return m.group(1) + "T00:00:00Z", "feeds file"
    readme = read(os.path.join(cdir, "README.md"))
    m = re.search(r"SIGWATCH_NOW=[\"']?(\d{4}-\d\d-\d\d)(T[\d:]+Z)?", readme)
    if m:
        return m.group(1) + (m.group(2) or "T00:00:00Z"), "README (SIGWATCH_NOW)"
    m = re.search(r"(?:first[- ]seen(?: date)?|first[- ]fetch\w*|watch window"
                  r"(?: starts| started| begins| began| opens)?)\b[^.\n]{0,40}?"
                  r"(\d{4}-\d\d-\d\d)", readme, re.I)
    if m:
        return m.group(1) + "T00:00:00Z", "README (first seen)"
    notes = readme + "\n" + read(os.path.join(cdir, "labels.tsv"))
    m = re.search(r"before the (\d{4}-\d\d-\d\d) watch window", notes)
    if m:
        return m.group(1) + "T00:00:00Z", "watch window in the notes"
    m = re.search(r"dated before (\d{4})\b", notes)
    if m:
        return m.group(1) + "-01-01T00:00:00Z", "'dated before' in the notes"
    return DEFAULT_NOW, "default"


def start_server(cdir, tmp):
    routes = {}
    for root, _, files in os.walk(cdir):
        for fn in files:
            rel = os.path.relpath(os.path.join(root, fn), cdir)
            if rel.startswith(".") or "/." in rel:
                continue
            ext = os.path.splitext(fn)[1].lower()
            routes["/" + rel] = {"status": 200, "body_file": rel,
                                 "content_type": CTYPES.get(
                                     ext, "application/octet-stream")}
    rpath = os.path.join(tmp, "routes.json")
    with open(rpath, "w", encoding="utf-8") as f:
        json.dump(routes, f)
    pfile = os.path.join(tmp, "port")
    py = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) \
        else sys.executable
    proc = subprocess.Popen(
        [py, os.path.join(TOP, "tests", "helpers", "fixture_httpd.py"),
         "--routes", rpath, "--root", cdir, "--port-file", pfile,
         "--log", os.path.join(tmp, "requests.jsonl"),
         "--max-seconds", "600"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "httpd.err"),
                                               "w"))
    for _ in range(600):	# 30 s at most
        if os.path.exists(pfile) and read(pfile).strip():
            return proc, int(read(pfile).strip())
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop_server(proc)
    raise Fail("fixture server did not start: " +
               read(os.path.join(tmp, "httpd.err"))[-500:])


def stop_server(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_config(tmp, feeds_text, port):
    fdir = os.path.join(tmp, "feeds")
    os.makedirs(fdir)
    with open(os.path.join(fdir, "corpus.yaml"), "w", encoding="utf-8") as f:
        f.write(PORT_RE.sub(str(port), feeds_text))
    cfg = os.path.join(tmp, "sigwatch.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write("rules: %s\nfeeds: %s\nstate: %s\n"
                "fetch:\n  allow_private_addresses: true\n"
                "  per_host: 8\n  timeout: 60s\n"
                "alerts:\n  first_run: alert\n  notifiers:\n"
                "    - {name: slack, type: stdout}\n"
                % (json.dumps(os.path.join(TOP, "rules")), json.dumps(fdir),
                   json.dumps(os.path.join(tmp, "state"))))
    return cfg


def run_corpus(sigwatch, cdir, feeds_file, tmp, verbose):
    feeds_text = read(feeds_file)
    if not feeds_text:
        raise Fail("no feeds file %s" % feeds_file)
    now, why = first_seen(feeds_text, cdir)
    proc, port = start_server(cdir, tmp)
    try:
        cfg = write_config(tmp, feeds_text, port)
        env = dict(os.environ, SIGWATCH_NOW=now)
        p = subprocess.run([sigwatch, "--config", cfg, "run", "--no-alerts"],
                           env=env, capture_output=True, timeout=300)
    finally:
        stop_server(proc)
    err = p.stderr.decode(errors="replace")
    if p.returncode != 0:
        raise Fail("sigwatch run exited %d:\n%s" % (p.returncode, err[-2000:]))
    if verbose:
        sys.stdout.write(err)
    failed = [l for l in err.splitlines() if re.search(
        r"source=\S+ (?!recovered)\w+: ", l) and "hit rule" not in l]
    if failed:
        raise Fail("sources failed:\n" + "\n".join(failed[:10]))
    hits, dropped = [], collections.Counter()
    hdir = os.path.join(tmp, "state", "hits")
    for fn in sorted(os.listdir(hdir)) if os.path.isdir(hdir) else []:
        for line in read(os.path.join(hdir, fn)).splitlines():
            if not line.strip():
                continue
            h = json.loads(line)
            why_out = [k for k in ("stale", "silenced", "baseline")
                       if h.get(k)]
            if why_out:
                dropped[why_out[0]] += 1
                continue
            hits.append(h)
    return now, why, hits, dropped


def scorer_for(cdir):
    for p in (os.path.join(cdir, "tools", "score.py"),
              os.path.join(SHARED, "tools", "score.py")):
        if os.path.isfile(p):
            return p
    return None


def builtin_score(labels_path, hits, feed_of):
    """The corpus scorer's strict definition, for a corpus without one."""
    labels = {}
    with open(labels_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split("\t")
            labels[(c[0], c[1])] = c[2]
    got = collections.defaultdict(set)
    for h in hits:
        key = (feed_of(h.get("source", "")), str(h.get("item", "")))
        if h.get("playbook") and key in labels:
            got[key].add(h["playbook"])
    rows = {}
    for pb in PLAYBOOKS + ["overall"]:
        rows[pb] = collections.Counter()
    for pb in PLAYBOOKS:
        for key, exp in labels.items():
            hit = pb in got.get(key, set())
            if exp == pb:
                rows[pb]["tp" if hit else "fn"] += 1
            elif hit:
                rows[pb]["fp"] += 1
        rows["overall"].update(rows[pb])
    text = "%-22s %3s %3s %3s  %5s %6s\n" % ("playbook", "TP", "FP", "FN",
                                             "prec", "recall")
    for pb in PLAYBOOKS + ["overall"]:
        c = rows[pb]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else \
            float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else \
            float("nan")
        text += "%-22s %3d %3d %3d  %5.3f %6.3f\n" % (
            pb if pb != "overall" else "overall (micro)", c["tp"], c["fp"],
            c["fn"], p, r)
    return text


def parse_table(text):
    """{playbook or 'overall': (tp, fp, fn)} from a score.py table"""
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(\S+(?: \(micro\))?)\s+(\d+)\s+(\d+)\s+(\d+)\s", line)
        if not m:
            continue
        name = "overall" if m.group(1).startswith("overall") else m.group(1)
        out[name] = tuple(int(m.group(i)) for i in (2, 3, 4))
    return out


def ratio(a, b):
    return a / b if b else 1.0


def score(cdir, hits, feeds_text, tmp, verbose):
    # score.py matches a source to a feed file by name or stem; map the
    # others through the feeds file's urls (".../FILE")
    mapping = {}
    cur = None
    for line in feeds_text.splitlines():
        m = re.match(r"^\s*-\s+id:\s*([A-Za-z0-9._-]+)", line)
        if m:
            cur = m.group(1)
        m = re.match(r"^\s+url:\s*[\"']?[^\"'\s]*/([^/\"'\s?]+)", line)
        if m and cur:
            mapping[cur] = m.group(1)
    hpath = os.path.join(tmp, "hits.jsonl")
    with open(hpath, "w", encoding="utf-8") as f:
        for h in hits:
            f.write(json.dumps(h) + "\n")
    labels = os.path.join(cdir, "labels.tsv")
    sc = scorer_for(cdir)
    if sc:
        cmd = [sys.executable, sc, "--labels", labels]
        for k, v in sorted(mapping.items()):
            cmd += ["--map", "%s=%s" % (k, v)]
        if verbose:
            cmd.append("-v")
        p = subprocess.run(cmd + [hpath], capture_output=True, timeout=120)
        if p.returncode != 0:
            raise Fail("scorer failed: " + p.stderr.decode(errors="replace"))
        text = p.stdout.decode(errors="replace")
    else:
        text = builtin_score(labels, hits,
                             lambda s: mapping.get(s, s))
    return text, parse_table(text)


def check_floors(name, table, floors):
    """[(ok, line)]"""
    out = []
    fl = floors.get(name)
    if fl is None:
        return [(True, "# %s: no floors set (figures reported only)" % name)]
    for pb, f in sorted(fl.items()):
        if pb.startswith("_"):
            continue
        if pb not in table:
            out.append((False, "%s %s: not in the scorer's table" %
                        (name, pb)))
            continue
        tp, fp, fn = table[pb]
        p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
        ok = p >= f["precision"] and r >= f["recall"]
        out.append((ok, "%s %s: precision %.2f (floor %.2f), recall %.2f "
                    "(floor %.2f)" % (name, pb, p, f["precision"], r,
                                      f["recall"])))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sigwatch", default=os.path.join(
        TOP, os.environ.get("B", "build"), "sigwatch"))
    ap.add_argument("--floors", default=os.path.join(HERE, "floors.json"))
    ap.add_argument("--no-floors", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="sigwatch's log and the scorer's FP/FN lists")
    a = ap.parse_args()
    if not os.access(a.sigwatch, os.X_OK):
        print("eval-rules: %s is not built" % a.sigwatch)
        print("0 passed, 1 failed")
        return 1
    floors = {}
    if not a.no_floors:
        with open(a.floors, encoding="utf-8") as f:
            floors = json.load(f)
    passed = failed = 0
    for name, cdir, feeds in corpora(a.only):
        if cdir is None:
            if os.environ.get("CI"):
                print("not ok - %s: ../shared/signals-corpus is absent "
                      "(required under CI)" % name)
                failed += 1
            else:
                print("# %s: ../shared/signals-corpus absent, skipped" % name)
            continue
        tmp = tempfile.mkdtemp(prefix="sigwatch-eval.")
        try:
            now, why, hits, dropped = run_corpus(a.sigwatch, cdir, feeds,
                                                 tmp, a.verbose)
            text, table = score(cdir, hits, read(feeds), tmp, a.verbose)
        except (Fail, subprocess.TimeoutExpired, OSError, ValueError) as e:
            print("not ok - %s: %s" % (name, e))
            failed += 1
            shutil.rmtree(tmp, ignore_errors=True)
            continue
        shutil.rmtree(tmp, ignore_errors=True)
        print("== %s (%s): first seen %s (%s); %d hits scored%s" % (
            name, os.path.relpath(cdir, TOP), now, why, len(hits),
            "".join("; %d %s dropped" % (n, k)
                    for k, n in sorted(dropped.items()))))
        print(text.rstrip("\n"))
        print("ok - %s: run and scored" % name)
        passed += 1
        if a.no_floors:
            continue
        for ok, line in check_floors(name, table, floors):
            if line.startswith("#"):
                print(line)
                continue
            print("%s - %s" % ("ok" if ok else "not ok", line))
            if ok:
                passed += 1
            else:
                failed += 1
        print()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
