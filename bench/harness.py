#!/usr/bin/python3
"""harness.py: `make bench`, the fetch-cycle benchmark (bench/README.md).

    python3 bench/harness.py --sigwatch build/sigwatch --seenload B/bench/seenload \\
        --work B/bench-work --results bench/results [--quick]

In one invocation and on one generated corpus (bench/gen.py) served by one
loopback server (bench/server.py): the curl floor, then sigwatch, newsboat,
sfeed_update and urlwatch, each cold (empty state) and warm (nothing
changed), under GNU time; the hits sigwatch found against the ground truth;
the 1,000,000-item seen-index load; PASS/MISS per target; profiles of what
missed. Writes RESULTS/latest.json and latest.md and prints the table.

Environment overrides: BENCH_N, BENCH_M, BENCH_LATENCY (seconds),
BENCH_CONCURRENCY, BENCH_TIMEOUT (seconds per peer run), BENCH_SEEN_SOURCES,
BENCH_SEEN_HISTORY, BENCH_PEERS (comma list, default all),
BENCH_PROFILE=0 (no profiles), BENCH_TMPFS=0 (no tmpfs run).
"""

import argparse
import glob
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
GNU_TIME = "/usr/bin/time"
TOP = os.path.dirname(HERE)


def log(*a):
	print("bench:", *a, file=sys.stderr, flush=True)


def envnum(name, default, kind=int):
	v = os.environ.get(name)
	return kind(v) if v not in (None, "") else default


# ---------------------------------------------------------------- processes

def group_members(pgid, but):
	"""ids of the processes of process group pgid, except but"""
	out = []
	for d in os.listdir("/proc"):
		if not d.isdigit() or int(d) == but:
			continue
		try:
			st = open("/proc/%s/stat" % d).read()
		except OSError:
			continue
		# pid (comm) state ppid pgrp ...: comm may hold spaces
		f = st[st.rindex(")") + 2:].split()
		if int(f[2]) == pgid:
			out.append(int(d))
	return out


def timed(cmd, cwd=None, env=None, timeout=None, stdout=None, stderr=None):
	"""run cmd under GNU time (-f "%e %U %S %M": wall, user and system CPU
	of the process and the descendants it waited for, peak RSS of the
	largest of them), in its own process group. GNU time, not wait4 from
	here: a child forked from this Python process would carry Python's
	RSS high-water mark into its own. A run that exceeds timeout has every
	process of its group but GNU time killed, so GNU time still reports
	the part that ran; timed_out is set."""
	fd, tf = tempfile.mkstemp(prefix="bench-time-")
	os.close(fd)
	t0 = time.monotonic()
	p = subprocess.Popen([GNU_TIME, "-f", "%e %U %S %M", "-o", tf] + cmd,
	                     cwd=cwd, env=env, start_new_session=True,
	                     stdout=stdout or subprocess.DEVNULL,
	                     stderr=stderr or subprocess.DEVNULL)
	out = {"timed_out": False}
	try:
		p.wait(timeout=timeout)
	except subprocess.TimeoutExpired:
		out["timed_out"] = True
		for _ in range(50):
			pids = group_members(p.pid, p.pid)
			if not pids:
				break
			for pid in pids:
				try:
					os.kill(pid, signal.SIGKILL)
				except ProcessLookupError:
					pass
			time.sleep(0.1)
		try:
			p.wait(timeout=30)
		except subprocess.TimeoutExpired:
			os.killpg(p.pid, signal.SIGKILL)
			p.wait()
	wall = time.monotonic() - t0
	out["rc"] = p.returncode
	try:
		# "Command exited with non-zero status N" may come first
		e, u, sy, m = open(tf).read().split()[-4:]
		out.update(wall_s=float(e), user_s=float(u), sys_s=float(sy),
		           cpu_s=round(float(u) + float(sy), 3), peak_rss_kb=int(m))
	except (ValueError, OSError):
		out.update(wall_s=round(wall, 3), user_s=None, sys_s=None,
		           cpu_s=None, peak_rss_kb=None)
	os.unlink(tf)
	return out


class Server:
	def __init__(self, root, latency, work, name="server"):
		self.portf = os.path.join(work, name + ".port")
		if os.path.exists(self.portf):
			os.unlink(self.portf)
		self.errf = open(os.path.join(work, name + ".err"), "w")
		self.p = subprocess.Popen(
		    [sys.executable, os.path.join(HERE, "server.py"), "--root", root,
		     "--latency", str(latency), "--port-file", self.portf,
		     "--max-seconds", "1800"], stderr=self.errf)
		deadline = time.monotonic() + 120
		while not os.path.exists(self.portf):
			if self.p.poll() is not None or time.monotonic() > deadline:
				raise RuntimeError("bench server did not start (%s)" %
				                   self.errf.name)
			time.sleep(0.05)
		self.port = int(open(self.portf).read())
		self.base = "http://127.0.0.1:%d" % self.port

	def ctl(self, path):
		with urllib.request.urlopen(self.base + path, timeout=30) as r:
			return r.read()

	def reset(self):
		self.ctl("/_reset")

	def stats(self):
		return json.loads(self.ctl("/_stats"))

	def root(self, d):
		self.ctl("/_root?dir=" + urllib.request.quote(d))

	def stop(self):
		if self.p.poll() is None:
			self.p.terminate()
			try:
				self.p.wait(timeout=10)
			except subprocess.TimeoutExpired:
				self.p.kill()
				self.p.wait()
		self.errf.close()


def run_out(cmd, **kw):
	try:
		return subprocess.run(cmd, capture_output=True, text=True,
		                      timeout=60, **kw).stdout
	except (OSError, subprocess.SubprocessError):
		return ""


# ---------------------------------------------------------------- tools

def versions(a):
	def first(s):
		return s.strip().splitlines()[0] if s.strip() else "?"

	def deb(p):
		return run_out(["dpkg-query", "-W", "-f", "${Version}", p]) or "?"
	return {
	    "sigwatch": first(run_out([a.sigwatch, "version"])),
	    "curl": first(run_out(["curl", "--version"])),
	    "newsboat": first(run_out(["newsboat", "-v"])) + " (deb %s)" % deb("newsboat"),
	    "sfeed": "sfeed_update (deb %s)" % deb("sfeed"),
	    "urlwatch": first(run_out(["urlwatch", "--version"])) + " (deb %s)" % deb("urlwatch"),
	    "python3": platform.python_version(),
	}


def env_probe(work):
	"""what this machine charges for the operations the tools differ in"""
	p = os.path.join(work, "probe")
	t = time.monotonic()
	for i in range(10):
		fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
		os.write(fd, b"x")
		os.fsync(fd)
		os.close(fd)
	fsync_ms = (time.monotonic() - t) / 10 * 1000
	os.unlink(p)
	t = time.monotonic()
	for i in range(10):
		subprocess.run(["/bin/true"])
	exec_ms = (time.monotonic() - t) / 10 * 1000
	t = time.monotonic()
	for i in range(2000):
		os.stat(work)
	stat_us = (time.monotonic() - t) / 2000 * 1e6
	return {"cpus": os.cpu_count(), "kernel": platform.release(),
	        "loadavg_1m": round(os.getloadavg()[0], 2),
	        "fsync_ms": round(fsync_ms, 2), "spawn_true_ms": round(exec_ms, 2),
	        "stat_syscall_us": round(stat_us, 1)}


def sigwatch_config(d, corpus, srv, c, state):
	"""a config dir: the project's default rules + the bench rules"""
	shutil.rmtree(d, ignore_errors=True)
	os.makedirs(os.path.join(d, "feeds"))
	shutil.copytree(os.path.join(TOP, "rules"), os.path.join(d, "rules"))
	shutil.copy(os.path.join(corpus, "rules", "bench-signals.yaml"),
	            os.path.join(d, "rules"))
	src = json.load(open(os.path.join(corpus, "sources.json")))
	o = ["# generated by bench/harness.py", "sources:"]
	for s in src:
		o.append("  - id: %s\n    url: %s/f/%s\n    kind: feed\n"
		         "    competitor: %s\n    tags: [%s]" %
		         (s["id"], srv.base, s["file"], s["competitor"],
		          ", ".join(s["tags"])))
	open(os.path.join(d, "feeds", "bench.yaml"), "w").write("\n".join(o) + "\n")
	open(os.path.join(d, "sigwatch.yaml"), "w").write(
	    "# generated by bench/harness.py\n"
	    "rules: rules\nfeeds: feeds\nstate: %s\n"
	    "fetch:\n"
	    "  concurrency: %d\n"
	    "  # the bench server is one host (127.0.0.1): per_host would cap\n"
	    "  # everything, so it equals concurrency here\n"
	    "  per_host: %d\n"
	    "  timeout: 60s\n"
	    "  allow_private_addresses: true\n"
	    "state_git:\n"
	    "  # the seen-index history goes back to 2023: keep it in the tree\n"
	    "  retain: 3650d\n"
	    "alerts:\n"
	    "  first_run: baseline\n"
	    "  notifiers:\n"
	    "    - name: slack\n"
	    "      type: stdout\n" % (state, c, c))
	return os.path.join(d, "sigwatch.yaml")


def count_hits(state):
	got = set()
	for f in glob.glob(os.path.join(state, "hits", "*.jsonl")):
		for ln in open(f, encoding="utf-8"):
			if ln.strip():
				h = json.loads(ln)
				got.add((h["rule"], h["source"], h["item"]))
	return got


def count_lines(pattern):
	n = 0
	for f in glob.glob(pattern, recursive=True):
		with open(f, "rb") as fh:
			n += sum(1 for ln in fh if ln.strip())
	return n


class Bench:
	def __init__(self, a):
		self.a = a
		self.runs = []
		self.notes = []
		self.profiles = {}

	def record(self, tool, phase, r, st, **extra):
		row = {"tool": tool, "phase": phase}
		row.update({k: r.get(k) for k in ("wall_s", "cpu_s", "user_s",
		                                    "sys_s", "peak_rss_kb", "rc",
		                                    "timed_out")})
		row["req_200"] = st["status"].get("200", 0)
		row["req_304"] = st["status"].get("304", 0)
		row["req_other"] = st["requests"] - row["req_200"] - row["req_304"]
		row["max_inflight"] = st["max_inflight"]
		row["connections"] = st["connections"]
		row["server_cpu_s"] = st["server_cpu_s"]
		row["fetch_span_s"] = st.get("span_s")
		row.update(extra)
		if r.get("timed_out"):
			done = st["requests"]
			row["est_wall_s"] = round(row["wall_s"] * self.a.n / done, 1) if done else None
			row["note"] = ("timed out after %ds with %d of %d feeds fetched; "
			               "~%ss for all, extrapolated from the requests served (favours the peer)" %
			               (self.a.timeout, done, self.a.n, row["est_wall_s"]))
		self.runs.append(row)
		log("%-22s %-5s wall %7.2fs cpu %6.2fs rss %6.1fMB 200:%d 304:%d%s" %
		    (tool, phase, row["wall_s"], row["cpu_s"] or -1,
		     (row["peak_rss_kb"] or 0) / 1024, row["req_200"], row["req_304"],
		     " TIMEOUT" if row["timed_out"] else ""))
		return row

	def find(self, tool, phase):
		for r in self.runs:
			if r["tool"] == tool and r["phase"] == phase:
				return r
		return None


# ---------------------------------------------------------------- phases

def gen_version():
	"""a hash of gen.py: a cached corpus is regenerated when it changes"""
	import hashlib
	return hashlib.sha1(open(os.path.join(HERE, "gen.py"), "rb").read()).hexdigest()[:8]


def prune(work, prefix, keep):
	"""remove cached corpora of other parameters or generator versions"""
	for d in glob.glob(os.path.join(work, prefix + "*")):
		if os.path.basename(d) != keep:
			shutil.rmtree(d, ignore_errors=True)


def corpus_dir(a):
	name = "corpus-n%d-m%d-s%d-%s" % (a.n, a.m, a.seed, gen_version())
	d = os.path.join(a.work, name)
	prune(a.work, "corpus-n%d-m%d-" % (a.n, a.m), name)
	if not os.path.exists(os.path.join(d, "truth.json")):
		log("generating corpus %d x %d" % (a.n, a.m))
		shutil.rmtree(d, ignore_errors=True)
		subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
		                "--out", d, "--sources", str(a.n), "--items",
		                str(a.m), "--seed", str(a.seed)], check=True)
	return d


def curl_floor(b, corpus, srv):
	a = b.a
	src = json.load(open(os.path.join(corpus, "sources.json")))
	cfg = os.path.join(a.work, "curl.cfg")
	with open(cfg, "w") as f:
		for s in src:
			f.write('url = "%s/f/%s"\noutput = "/dev/null"\n' %
			        (srv.base, s["file"]))
	best = None
	for i in range(2):
		srv.reset()
		r = timed(["curl", "-s", "--no-progress-meter", "-Z",
		           "--parallel-max", str(a.c), "-K", cfg],
		          timeout=a.timeout)
		st = srv.stats()
		if best is None or r["wall_s"] < best[0]["wall_s"]:
			best = (r, st)
	b.record("curl -Z (floor)", "cold", best[0], best[1])
	return best[0]["wall_s"]


def run_sigwatch(b, corpus, srv, truth, label="sigwatch", statedir=None):
	a = b.a
	d = os.path.join(a.work, "run-" + label.replace(" ", "-").replace("(", "").replace(")", ""))
	state = statedir or os.path.join(d, "state")
	shutil.rmtree(state, ignore_errors=True)
	cfg = sigwatch_config(d, corpus, srv, a.c, state)
	res = {}
	for phase in ("cold", "warm"):
		srv.reset()
		with open(os.path.join(d, phase + ".err"), "w") as ef:
			r = timed([a.sigwatch, "--config", cfg, "-q", "run", "--force"],
			          timeout=a.timeout * 4, stderr=ef)
		st = srv.stats()
		items = count_lines(os.path.join(state, "items", "*", "*.jsonl"))
		row = b.record(label, phase, r, st, items=items)
		if r["rc"] != 0:
			row["note"] = "exit %s (see %s/%s.err)" % (r["rc"], d, phase)
		res[phase] = row
	got = count_hits(state)
	if statedir:
		shutil.rmtree(state, ignore_errors=True)
	return res, got


def run_newsboat(b, corpus, srv):
	a = b.a
	d = os.path.join(a.work, "run-newsboat")
	shutil.rmtree(d, ignore_errors=True)
	os.makedirs(d)
	src = json.load(open(os.path.join(corpus, "sources.json")))
	open(os.path.join(d, "urls"), "w").write(
	    "".join("%s/f/%s\n" % (srv.base, s["file"]) for s in src))
	open(os.path.join(d, "config"), "w").write(
	    "reload-threads %d\nshow-read-feeds yes\n" % a.c)
	env = dict(os.environ, HOME=d, XDG_CONFIG_HOME=d, XDG_DATA_HOME=d)
	cmd = ["newsboat", "-x", "reload", "-C", "config", "-u", "urls",
	       "-c", "cache.db"]

	def items():
		try:
			import sqlite3
			c = sqlite3.connect(os.path.join(d, "cache.db"))
			n = c.execute("select count(*) from rss_item").fetchone()[0]
			c.close()
			return n
		except Exception:
			return None
	# newsboat 2.21 stores a feed's ETag/Last-Modified only from its
	# second reload on (the first reload creates the feed row after the
	# UPDATE of the validators ran), so its second reload is still
	# unconditional; "warm" is its third, what a regular user's reload is
	notes = {"2nd": "validators not yet stored: unconditional (newsboat 2.21)",
	         "warm": "3rd reload"}
	for phase in ("cold", "2nd", "warm"):
		srv.reset()
		r = timed(cmd, cwd=d, env=env, timeout=a.timeout)
		row = b.record("newsboat", phase, r, srv.stats(), items=items())
		if phase in notes and not r["timed_out"]:
			row["note"] = notes[phase]
		if r["timed_out"]:
			return


def run_sfeed(b, corpus, srv):
	a = b.a
	d = os.path.join(a.work, "run-sfeed")
	shutil.rmtree(d, ignore_errors=True)
	os.makedirs(d)
	src = json.load(open(os.path.join(corpus, "sources.json")))
	with open(os.path.join(d, "sfeedrc"), "w") as f:
		f.write('sfeedpath="%s/feeds"\nmaxjobs=%d\nfeeds() {\n' % (d, a.c))
		for s in src:
			f.write('\tfeed "%s" "%s/f/%s"\n' % (s["id"], srv.base, s["file"]))
		f.write("}\n")
	env = dict(os.environ, HOME=d, TMPDIR=d)
	for phase in ("cold", "warm"):
		srv.reset()
		r = timed(["sfeed_update", os.path.join(d, "sfeedrc")], cwd=d,
		          env=env, timeout=a.timeout)
		st = srv.stats()
		row = b.record("sfeed_update", phase, r, st,
		               items=count_lines(os.path.join(d, "feeds", "*")))
		if phase == "warm" and not r["timed_out"]:
			row["note"] = "sfeed_update's default fetch() sends no conditional request"
		if r["timed_out"]:
			# warm would fetch everything again: sfeed_update's default
			# fetch() sends no conditional request
			break
		for t in glob.glob(os.path.join(d, "sfeed_*")):
			shutil.rmtree(t, ignore_errors=True)


def run_urlwatch(b, corpus, srv):
	a = b.a
	d = os.path.join(a.work, "run-urlwatch")
	shutil.rmtree(d, ignore_errors=True)
	os.makedirs(d)
	src = json.load(open(os.path.join(corpus, "sources.json")))
	open(os.path.join(d, "urls.yaml"), "w").write("---\n".join(
	    "name: %s\nurl: %s/f/%s\n" % (s["id"], srv.base, s["file"]) for s in src))
	# urlwatch 2.25 has no setting for its thread pool (worker.MAX_WORKERS
	# = 10); its --hooks module sets it to the bench concurrency
	open(os.path.join(d, "hooks.py"), "w").write(
	    "import urlwatch.worker\nurlwatch.worker.MAX_WORKERS = %d\n" % a.c)
	env = dict(os.environ, HOME=d, XDG_CONFIG_HOME=d, XDG_CACHE_HOME=d)
	cmd = ["urlwatch", "--urls", "urls.yaml", "--config", "urlwatch.yaml",
	       "--cache", "cache.db", "--hooks", "hooks.py"]
	# the first call writes the default config (stdout reporter only)
	subprocess.run(cmd + ["--list"], cwd=d, env=env, capture_output=True,
	               timeout=120)
	for phase in ("cold", "warm"):
		srv.reset()
		r = timed(cmd, cwd=d, env=env, timeout=a.timeout)
		b.record("urlwatch", phase, r, srv.stats())
		if r["timed_out"]:
			break


def git(state, *args, check=True):
	return subprocess.run(["git", "-C", state, "-c", "user.name=bench",
	                       "-c", "user.email=bench@localhost",
	                       "-c", "core.autocrlf=false"] + list(args),
	                      check=check, capture_output=True, text=True)


def seen_index(b):
	"""the 1,000,000-item seen index: a committed state with S sources x
	H items; every source answers 200 with its 30 newest items, all
	already seen, so the run loads every seen index and finds nothing"""
	a = b.a
	S, H, M = a.seen_sources, a.seen_history, 30
	name = "seen-s%d-h%d-%s" % (S, H, gen_version())
	d = os.path.join(a.work, name)
	prune(a.work, "seen-s%d-h%d" % (S, H), name)
	corpus = os.path.join(d, "corpus")
	state = os.path.join(d, "state")
	ready = os.path.join(d, "ready")
	srv = None
	out = {"sources": S, "history_per_source": H, "items": S * H}
	try:
		if not os.path.exists(ready):
			log("building the seen-index state (%d sources x %d items)" % (S, H))
			shutil.rmtree(d, ignore_errors=True)
			os.makedirs(d)
			subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
			                "--seen", "--out", corpus, "--sources", str(S),
			                "--items", str(M), "--seed", str(a.seed)],
			               check=True)
			# gen.py writes no rules for --seen: the bench rules still run
			os.makedirs(os.path.join(corpus, "rules"), exist_ok=True)
			subprocess.run([sys.executable, "-c",
			                "import sys; sys.path.insert(0, %r); import gen; "
			                "open(%r, 'w').write(gen.RULES_YAML)" %
			                (HERE, os.path.join(corpus, "rules", "bench-signals.yaml"))],
			               check=True)
			srv = Server(os.path.join(corpus, "feeds"), 0, a.work, "seen-server")
			cfg = sigwatch_config(os.path.join(d, "cfg"), corpus, srv, a.c, state)
			subprocess.run([a.sigwatch, "--config", cfg, "-q", "run", "--force"],
			               check=False, capture_output=True, timeout=1800)
			git(state, "tag", "-f", "small")
			subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
			                "--history-state", state, "--corpus", corpus,
			                "--history", str(H), "--items", str(M),
			                "--seed", str(a.seed)], check=True)
			# the seen index (seen/<id>.txt) is rebuilt from items/ by
			# sigwatch when it is missing: remove it, commit the
			# history, and let a run (new bodies: feeds-b) migrate it
			shutil.rmtree(os.path.join(state, "seen"), ignore_errors=True)
			git(state, "add", "-A", "items", "seen")
			git(state, "commit", "-q", "-m", "bench: item history")
			srv.root(os.path.join(corpus, "feeds-b"))
			subprocess.run([a.sigwatch, "--config", cfg, "-q", "run", "--force"],
			               check=False, capture_output=True, timeout=1800)
			git(state, "tag", "-f", "big")
			open(ready, "w").write("ok\n")
			srv.stop()
			srv = None
		srv = Server(os.path.join(corpus, "feeds-c"), a.latency, a.work,
		             "seen-server")
		cfg = sigwatch_config(os.path.join(d, "cfg"), corpus, srv, a.c, state)
		for tag in ("small", "big"):
			git(state, "reset", "-q", "--hard", tag)
			git(state, "clean", "-q", "-fdx")
			git(state, "update-index", "-q", "--refresh", check=False)
			srv.reset()
			with open(os.path.join(d, "run-%s.err" % tag), "w") as ef:
				r = timed([a.sigwatch, "--config", cfg, "-q", "run", "--force"],
				          timeout=1800, stderr=ef)
			st = srv.stats()
			out["run_" + tag] = {"wall_s": r["wall_s"], "cpu_s": r["cpu_s"],
			                     "peak_rss_kb": r["peak_rss_kb"], "rc": r["rc"],
			                     "req_200": st["status"].get("200", 0)}
			log("seen run (%s history): wall %.2fs cpu %.2fs rss %.1fMB" %
			    (tag, r["wall_s"], r["cpu_s"] or -1, (r["peak_rss_kb"] or 0) / 1024))
		git(state, "reset", "-q", "--hard", "big")
		git(state, "clean", "-q", "-fdx")
		if a.seenload and os.path.exists(a.seenload):
			j = subprocess.run([a.seenload, state, "1"], capture_output=True,
			                   text=True, timeout=1800)
			try:
				out["seenload"] = json.loads(j.stdout)
			except ValueError:
				out["seenload"] = {"error": j.stderr.strip()}
			log("seen index load: %s" % out["seenload"])
			if a.profile and out["seenload"].get("seconds", 0) > 1.0:
				b.profiles["seen_index_load"] = perf_top(
				    [a.seenload, state, "1"], a.work, "seenload")
		rs, rb = out.get("run_small"), out.get("run_big")
		if rs and rb:
			out["run_delta_s"] = round(rb["wall_s"] - rs["wall_s"], 3)
	finally:
		if srv:
			srv.stop()
	return out


# ---------------------------------------------------------------- profiles

def perf_top(cmd, work, name, env=None, cwd=None, n=30):
	"""perf record (DWARF call graphs) of cmd: the functions with the most
	time spent in them and their callees (inclusive), then by self time"""
	data = os.path.join(work, "perf-%s.data" % name)
	r = subprocess.run(["perf", "record", "-q", "-F", "499", "--call-graph",
	                    "dwarf,16384", "-o", data, "--"] + cmd,
	                   capture_output=True, text=True, env=env, cwd=cwd,
	                   timeout=1800)
	if r.returncode != 0 and not os.path.exists(data):
		return "perf record failed: " + r.stderr.strip()[-300:]
	out = []
	for mode, title in (("--children", "inclusive (self + callees)"),
	                    ("--no-children", "self")):
		rep = subprocess.run(["perf", "report", "-i", data, "--stdio", mode,
		                      "--sort", "symbol", "-g", "none",
		                      "--percent-limit", "1.5"],
		                     capture_output=True, text=True, timeout=900)
		lines = []
		for ln in rep.stdout.splitlines():
			f = ln.split()
			if ln.startswith("#") or not f or not f[0].endswith("%"):
				continue
			pct = f[0]
			sym = " ".join(f[3:] if mode == "--children" else f[2:])
			sym = sym.replace(" -", "").strip()
			# frames without symbols (stripped libraries) and the
			# process entry add nothing
			if sym.startswith("0x") or sym in ("_start", "main",
			    "__libc_start_call_main", "__libc_start_main_impl (inlined)"):
				continue
			lines.append("%7s  %s" % (pct, sym))
		out.append("-- %s --" % title)
		out.extend(lines[:n])
	os.unlink(data)
	return "\n".join(out)


def perf_syscalls(cmd, work, env=None, cwd=None):
	"""syscall counts of cmd (fsync and friends), from tracepoints"""
	ev = ",".join("syscalls:sys_enter_" + s for s in
	              ("fsync", "fdatasync", "openat", "rename", "write", "read",
	               "newfstatat", "getdents64"))
	r = subprocess.run(["perf", "stat", "-x", ",", "-e", ev + ",task-clock",
	                    "--"] + cmd, capture_output=True, text=True, env=env,
	                   cwd=cwd, timeout=1800)
	out = {}
	for ln in r.stderr.splitlines():
		f = ln.split(",")
		if len(f) > 2 and f[0].replace(".", "").isdigit():
			out[f[2].replace("syscalls:sys_enter_", "")] = float(f[0])
	return out


# ---------------------------------------------------------------- report

def du_kb(path):
	"""disk used by path, in KB (du -sk: blocks, as the file system counts)"""
	out = run_out(["du", "-sk", path])
	try:
		return int(out.split()[0])
	except (ValueError, IndexError):
		return None


def state_series(b):
	"""the state over consecutive runs: RUNS runs of SOURCES feeds, each
	run bringing one new item per feed (a window of 20 items sliding by
	one), the state on disk. Per run: CPU, wall, du of the state (.git
	included), packs and loose objects. At the end a copy of the state
	goes through a plain `git gc`, the measure of what the history needs."""
	import random
	sys.path.insert(0, HERE)
	import gen
	a = b.a
	runs, nsrc, window = a.series_runs, a.series_sources, 20
	d = os.path.join(a.work, "series")
	shutil.rmtree(d, ignore_errors=True)
	corpus = os.path.join(d, "corpus")
	os.makedirs(os.path.join(corpus, "rules"))
	host = "https://bench.example"
	r = random.Random(a.seed + 3)
	src, meta = [], []
	for s in range(nsrc):
		sid, comp, fmtx, enc, items, _, _, _ = gen.gen_source(r, s, window + runs, host)
		src.append((sid, fmtx, enc, items))
		meta.append({"id": sid, "file": "%05d.xml" % s, "competitor": comp,
		             "tags": ["blog"]})
	json.dump(meta, open(os.path.join(corpus, "sources.json"), "w"))
	open(os.path.join(corpus, "rules", "bench-signals.yaml"), "w").write(gen.RULES_YAML)

	def feeds(k):
		f = os.path.join(d, "feeds-%d" % k)
		os.makedirs(f)
		for i, (sid, fmtx, enc, items) in enumerate(src):
			sl = items[runs - k:runs - k + window]
			gen.write_atomic(os.path.join(f, "%05d.xml" % i),
			                 gen.render(sid, fmtx, enc, sl, sl[0]["date"], host))
		return f

	state = os.path.join(d, "state")
	srv = Server(feeds(1), a.latency, a.work, name="series")
	out = {"runs": runs, "sources": nsrc, "window": window, "per_run": []}
	try:
		cfg = sigwatch_config(os.path.join(d, "cfg"), corpus, srv, a.c, state)
		for k in range(1, runs + 1):
			if k > 1:
				srv.root(feeds(k))
				shutil.rmtree(os.path.join(d, "feeds-%d" % (k - 1)), ignore_errors=True)
			srv.reset()
			with open(os.path.join(d, "run.err"), "w") as ef:
				t = timed([a.sigwatch, "--config", cfg, "-q", "run", "--force"],
				          timeout=a.timeout * 4, stderr=ef)
			st = srv.stats()
			objs = os.path.join(state, ".git", "objects")
			row = {"run": k, "wall_s": t["wall_s"], "cpu_s": t["cpu_s"],
			       "rc": t["rc"], "req_200": st["status"].get("200", 0),
			       "state_kb": du_kb(state),
			       "git_kb": du_kb(os.path.join(state, ".git")),
			       "packs": len(glob.glob(os.path.join(objs, "pack", "*.pack"))),
			       "loose": len(glob.glob(os.path.join(objs, "[0-9a-f][0-9a-f]", "*"))),
			       "items": count_lines(os.path.join(state, "items", "*", "*.jsonl"))}
			out["per_run"].append(row)
			log("series run %2d: cpu %5.2fs wall %5.2fs state %6d KB (.git %6d KB) "
			    "packs %d loose %d items %d" % (k, row["cpu_s"] or -1, row["wall_s"],
			    row["state_kb"] or -1, row["git_kb"] or -1, row["packs"],
			    row["loose"], row["items"]))
	finally:
		srv.stop()
	gcd = os.path.join(d, "gc")
	shutil.copytree(state, gcd, symlinks=True)
	subprocess.run(["git", "-C", gcd, "gc", "-q"], check=False)
	out["gc_state_kb"] = du_kb(gcd)
	out["gc_git_kb"] = du_kb(os.path.join(gcd, ".git"))
	shutil.rmtree(gcd, ignore_errors=True)
	last, first = out["per_run"][-1], out["per_run"][0]
	out["ratio_state"] = round(last["state_kb"] / out["gc_state_kb"], 2)
	out["ratio_git"] = round(last["git_kb"] / out["gc_git_kb"], 2)
	new_items = last["items"] - first["items"]
	if new_items > 0:
		out["kb_per_1000_new_items"] = round((last["state_kb"] - first["state_kb"]) *
		                                     1000 / new_items, 1)
	cpus = [x["cpu_s"] or 0 for x in out["per_run"][1:]]
	n = min(5, len(cpus) // 2) or 1
	out["cpu_first"] = round(sum(cpus[:n]) / n, 3)
	out["cpu_last"] = round(sum(cpus[-n:]) / n, 3)
	out["cpu_window"] = n
	return out


def series_targets(se):
	n = se["cpu_window"]
	ratio = se["cpu_last"] / se["cpu_first"] if se["cpu_first"] else None
	res = [{"target": "series: CPU per run flat (last %d runs vs runs 2-%d)" % (n, n + 1),
	        "value": "%.2fx (%.3fs / %.3fs)" % (ratio or 0, se["cpu_last"], se["cpu_first"]),
	        "limit": "<= 1.25x", "result": "PASS" if ratio and ratio <= 1.25 else "MISS",
	        "note": ""}]
	res.append({"target": "series: state on disk vs plain git gc of a copy",
	            "value": "%.2fx (%d KB / %d KB; .git alone %.2fx: %d KB / %d KB)" %
	            (se["ratio_state"], se["per_run"][-1]["state_kb"], se["gc_state_kb"],
	             se["ratio_git"], se["per_run"][-1]["git_kb"], se["gc_git_kb"]),
	            "limit": "<= 2x", "result": "PASS" if se["ratio_state"] <= 2 else "MISS",
	            "note": ""})
	return res


def series_markdown(se):
	o = ["State over %d runs of %d sources, each run one new item per feed "
	     "(a window of %d items): per run CPU (user+sys), wall, du of the state "
	     "(.git included), packs, loose objects, items stored." %
	     (se["runs"], se["sources"], se["window"]), "",
	     "| run | CPU s | wall s | state KB | .git KB | packs | loose | items |",
	     "|---:|---:|---:|---:|---:|---:|---:|---:|"]
	for x in se["per_run"]:
		o.append("| %d | %s | %s | %s | %s | %d | %d | %d |" % (
		    x["run"], fmt(x["cpu_s"]), fmt(x["wall_s"]), fmt(x["state_kb"]),
		    fmt(x["git_kb"]), x["packs"], x["loose"], x["items"]))
	o.append("")
	o.append("After the last run: the state %d KB (.git %d KB); a copy after "
	         "plain `git gc` %d KB (.git %d KB): %.2fx (.git %.2fx). Disk per "
	         "1,000 new items after run 1: %s KB." %
	         (se["per_run"][-1]["state_kb"], se["per_run"][-1]["git_kb"],
	          se["gc_state_kb"], se["gc_git_kb"], se["ratio_state"], se["ratio_git"],
	          fmt(se.get("kb_per_1000_new_items"))))
	o.append("")
	return o


def fmt(v, unit=""):
	if v is None:
		return "-"
	if isinstance(v, float):
		return "%.2f%s" % (v, unit)
	return "%s%s" % (v, unit)


def targets(b, floor, truth_n, got, truth):
	a = b.a
	res = []

	def add(name, value, limit, ok, note=""):
		res.append({"target": name, "value": value, "limit": limit,
		            "result": "PASS" if ok else ("MISS" if ok is not None else "N/A"),
		            "note": note})
	sc, sw = b.find("sigwatch", "cold"), b.find("sigwatch", "warm")
	nb, uw = b.find("newsboat", "cold"), b.find("urlwatch", "cold")
	add("hits found = ground truth", "%d found, %d expected, %d missing, %d extra" %
	    (len(got), truth_n, len(truth - got), len(got - truth)), "equal",
	    got == truth)
	if sc and floor:
		ratio = sc["wall_s"] / floor
		add("cold cycle vs curl floor (wall)", "%.2fx (%.2fs / %.2fs)" %
		    (ratio, sc["wall_s"], floor), "<= 1.3x", ratio <= 1.3)
	def peer_wall(r):
		if r["timed_out"] and r.get("est_wall_s"):
			return r["est_wall_s"], " (peer timed out: from its extrapolated time)"
		return r["wall_s"], ""
	if sc and nb:
		w, note = peer_wall(nb)
		ratio = w / sc["wall_s"]
		add("faster than newsboat (cold wall)", "%.1fx (%.2fs / %.2fs)%s" %
		    (ratio, w, sc["wall_s"], note), ">= 20x", ratio >= 20)
	if sc and uw:
		w, note = peer_wall(uw)
		ratio = w / sc["wall_s"]
		add("faster than urlwatch (cold wall)", "%.2fx (%.2fs / %.2fs)%s" %
		    (ratio, w, sc["wall_s"], note), "> 1x", ratio > 1)
		rss_s = max(x["peak_rss_kb"] or 0 for x in (sc, sw) if x)
		rss_u = max(x["peak_rss_kb"] or 0 for x in (uw, b.find("urlwatch", "warm")) if x)
		if rss_u:
			add("peak RSS vs urlwatch", "%.2f (%.1f MB / %.1f MB)" %
			    (rss_s / rss_u, rss_s / 1024, rss_u / 1024), "<= 0.25",
			    rss_s <= rss_u / 4)
	if sw:
		allc = sw["req_304"] == a.n and sw["req_200"] == 0 and sw["req_other"] == 0
		add("warm: only conditional requests, all 304",
		    "%d x 304, %d x 200, %d other" % (sw["req_304"], sw["req_200"],
		                                     sw["req_other"]), "all 304", allc)
		per = (sw["cpu_s"] or 0) * 1000 / a.n
		add("warm CPU per 1,000 sources", "%.3fs" % per, "< 0.1s", per < 0.1)
	if sc:
		rss = max(x["peak_rss_kb"] or 0 for x in (sc, sw) if x) / 1024
		add("peak RSS at %d sources" % a.n, "%.1f MB" % rss,
		    "< 64 MB" if a.n >= 1000 else "< 64 MB (at 1,000 sources)",
		    rss < 64)
	return res


def seen_target(seen):
	sl = seen.get("seenload") or {}
	if "seconds" not in sl:
		return None
	return {"target": "seen-index load of %d items" % sl["items"],
	        "value": "%.2fs (cpu %.2fs, %.0f MB of items)" %
	        (sl["seconds"], sl["cpu_seconds"], sl["bytes"] / 1e6),
	        "limit": "< 1s", "result": "PASS" if sl["seconds"] < 1 else "MISS",
	        "note": ""}


def markdown(res):
	a = res["params"]
	o = []
	o.append("## make bench: %d sources x %d items, %g ms latency, "
	         "concurrency %d%s" % (a["sources"], a["items"],
	                               a["latency_s"] * 1000, a["concurrency"],
	                               " (quick)" if a["quick"] else ""))
	o.append("")
	o.append("Corpus: %.1f MB of RSS/Atom (%d planted hits); run %s on %s "
	         "(%d CPUs, load average %.1f at the start and %.1f at the end; "
	         "fsync %.1f ms, process spawn %.1f ms, stat() %.0f us); "
	         "peer runs capped at %d s." %
	         (res["corpus_mb"], res["truth_hits"], res["date"],
	          res["env"]["kernel"], res["env"]["cpus"],
	          res["env"]["loadavg_1m"], res.get("loadavg_end", 0),
	          res["env"]["fsync_ms"], res["env"]["spawn_true_ms"],
	          res["env"]["stat_syscall_us"], a["peer_timeout_s"]))
	o.append("Theoretical fetch floor N x latency / C = %.2f s." %
	         res["floor_theory_s"])
	o.append("")
	o.append("| tool | run | wall s | CPU s (user+sys) | peak RSS MB | 200 | 304 | "
	         "fetch span s | max in flight | items stored | notes |")
	o.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	for r in res["runs"]:
		note = r.get("note", "")
		to = r.get("timed_out")
		o.append("| %s | %s | %s%s | %s | %s | %d | %d | %s | %d | %s | %s |" % (
		    r["tool"], r["phase"], fmt(r["wall_s"]),
		    " (TIMEOUT)" if to else "", "-" if to else fmt(r["cpu_s"]),
		    fmt((r["peak_rss_kb"] or 0) / 1024) if r["peak_rss_kb"] and not to else "-",
		    r["req_200"], r["req_304"], fmt(r.get("fetch_span_s")),
		    r["max_inflight"], fmt(r.get("items")), note))
	o.append("")
	s = res.get("seen_index")
	if s:
		o.append("Seen index (%d sources x %d items = %d, committed): " %
		         (s["sources"], s["history_per_source"], s["items"]))
		sl = s.get("seenload", {})
		if "seconds" in sl:
			o.append("state_seen_load over all sources: %.2f s wall, %.2f s CPU "
			         "(%d ids, %.0f MB of items/ files). " %
			         (sl["seconds"], sl["cpu_seconds"], sl["items"], sl["bytes"] / 1e6))
		if "run_small" in s and "run_big" in s:
			o.append("`sigwatch run` where all %d sources answer 200 with 30 "
			         "already-seen items: %.2f s with %d items of history, "
			         "%.2f s with %d (delta %.2f s)." %
			         (s["sources"], s["run_small"]["wall_s"], s["sources"] * 30,
			          s["run_big"]["wall_s"], s["items"], s["run_delta_s"]))
		o.append("")
	if res.get("series"):
		o.extend(series_markdown(res["series"]))
	o.append("| target | value | limit | result |")
	o.append("|---|---|---|---|")
	for t in res["targets"]:
		o.append("| %s | %s | %s | **%s** |" % (t["target"], t["value"],
		                                        t["limit"], t["result"]))
	o.append("")
	o.append("Versions: " + "; ".join("%s: %s" % kv for kv in res["versions"].items()))
	o.append("")
	for k, v in res.get("profiles", {}).items():
		o.append("Profile `%s`:" % k)
		o.append("")
		o.append("```")
		o.append(v if isinstance(v, str) else json.dumps(v, indent=1))
		o.append("```")
		o.append("")
	return "\n".join(o)


def main():
	p = argparse.ArgumentParser()
	p.add_argument("--sigwatch", required=True)
	p.add_argument("--seenload")
	p.add_argument("--work", required=True)
	p.add_argument("--results", default=os.path.join(HERE, "results"))
	p.add_argument("--quick", action="store_true")
	a = p.parse_args()
	a.quick = a.quick or os.environ.get("BENCH_QUICK", "") not in ("", "0")
	a.n = envnum("BENCH_N", 50 if a.quick else 1000)
	a.m = envnum("BENCH_M", 10 if a.quick else 30)
	a.latency = envnum("BENCH_LATENCY", 0.05, float)
	a.c = envnum("BENCH_CONCURRENCY", 32)
	a.timeout = envnum("BENCH_TIMEOUT", 60)
	a.seen_sources = envnum("BENCH_SEEN_SOURCES", 10 if a.quick else 100)
	a.seen_history = envnum("BENCH_SEEN_HISTORY", 1000 if a.quick else 10000)
	a.seed = envnum("BENCH_SEED", 20250101)
	a.profile = os.environ.get("BENCH_PROFILE", "1") != "0"
	a.tmpfs = os.environ.get("BENCH_TMPFS", "1") != "0" and os.path.isdir("/dev/shm")
	a.series = os.environ.get("BENCH_SERIES", "1") != "0"
	a.series_runs = envnum("BENCH_SERIES_RUNS", 8 if a.quick else 30)
	a.series_sources = envnum("BENCH_SERIES_SOURCES", 50 if a.quick else 200)
	only_series = os.environ.get("BENCH_SERIES", "") == "only"
	peers = os.environ.get("BENCH_PEERS", "newsboat,sfeed,urlwatch").split(",")
	a.sigwatch = os.path.abspath(a.sigwatch)
	if a.seenload:
		a.seenload = os.path.abspath(a.seenload)
	os.makedirs(a.work, exist_ok=True)
	a.work = os.path.abspath(a.work)
	t_start = time.monotonic()

	b = Bench(a)
	if only_series:
		# BENCH_SERIES=only: the state series alone, in series.{md,json}
		se = state_series(b)
		res = {"series": se, "targets": series_targets(se),
		       "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
		       "loadavg_end": round(os.getloadavg()[0], 2)}
		os.makedirs(a.results, exist_ok=True)
		json.dump(res, open(os.path.join(a.results, "series.json"), "w"), indent=1)
		md = "\n".join(series_markdown(se) + ["| target | value | limit | result |",
		                                       "|---|---|---|---|"] +
		                ["| %s | %s | %s | **%s** |" % (t["target"], t["value"],
		                 t["limit"], t["result"]) for t in res["targets"]])
		open(os.path.join(a.results, "series.md"), "w").write(md + "\n")
		print(md)
		return 0
	corpus = corpus_dir(a)
	truthj = json.load(open(os.path.join(corpus, "truth.json")))
	truth = {(h["rule"], h["source"], h["item"]) for h in truthj["hits"]}
	res = {"params": {"sources": a.n, "items": a.m, "latency_s": a.latency,
	                  "concurrency": a.c, "quick": a.quick, "seed": a.seed,
	                  "peer_timeout_s": a.timeout},
	       "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
	       "env": env_probe(a.work), "versions": versions(a),
	       "corpus_mb": round(truthj["bytes"] / 1e6, 2),
	       "truth_hits": len(truth),
	       "floor_theory_s": round(a.n * a.latency / a.c, 3)}
	srv = Server(os.path.join(corpus, "feeds"), a.latency, a.work)
	got = set()
	try:
		floor = curl_floor(b, corpus, srv)
		_, got = run_sigwatch(b, corpus, srv, truth)
		if a.tmpfs:
			shm = tempfile.mkdtemp(prefix="sigwatch-bench-", dir="/dev/shm")
			try:
				run_sigwatch(b, corpus, srv, truth, "sigwatch (state on tmpfs)",
				             statedir=os.path.join(shm, "state"))
			finally:
				shutil.rmtree(shm, ignore_errors=True)
		if "newsboat" in peers:
			run_newsboat(b, corpus, srv)
		if "sfeed" in peers:
			run_sfeed(b, corpus, srv)
		if "urlwatch" in peers:
			run_urlwatch(b, corpus, srv)
		res["runs"] = b.runs
		res["floor_curl_s"] = floor
		res["hits"] = {"expected": len(truth), "found": len(got),
		               "missing": sorted(truth - got)[:20],
		               "extra": sorted(got - truth)[:20],
		               "planted": truthj["planted"]}
		res["targets"] = targets(b, floor, len(truth), got, truth)
		missed = [t for t in res["targets"] if t["result"] == "MISS"]
		if a.profile and missed:
			d = os.path.join(a.work, "run-profile")
			shm = tempfile.mkdtemp(prefix="sigwatch-bench-", dir="/dev/shm") \
			    if a.tmpfs else os.path.join(d, "st")
			try:
				st = os.path.join(shm, "state")
				cfg = sigwatch_config(d, corpus, srv, a.c, st)
				cmd = [a.sigwatch, "--config", cfg, "-q", "run", "--force"]
				b.profiles["sigwatch_cold_cpu"] = perf_top(cmd, a.work, "cold")
				b.profiles["sigwatch_warm_cpu"] = perf_top(cmd, a.work, "warm")
				shutil.rmtree(st, ignore_errors=True)
				b.profiles["sigwatch_cold_syscalls"] = perf_syscalls(cmd, a.work)
				b.profiles["sigwatch_warm_syscalls"] = perf_syscalls(cmd, a.work)
			finally:
				shutil.rmtree(shm, ignore_errors=True)
	finally:
		srv.stop()
	res["seen_index"] = seen_index(b)
	t = seen_target(res["seen_index"])
	if t:
		res["targets"].append(t)
	if a.series:
		res["series"] = state_series(b)
		res["targets"].extend(series_targets(res["series"]))
	res["profiles"] = b.profiles
	res["loadavg_end"] = round(os.getloadavg()[0], 2)
	res["bench_seconds"] = round(time.monotonic() - t_start, 1)
	os.makedirs(a.results, exist_ok=True)
	name = "quick" if a.quick else "latest"
	with open(os.path.join(a.results, name + ".json"), "w") as f:
		json.dump(res, f, indent=1, default=list)
		f.write("\n")
	md = markdown(res)
	with open(os.path.join(a.results, name + ".md"), "w") as f:
		f.write(md + "\n")
	print(md)
	print("")
	for t in res["targets"]:
		print("%-4s %s: %s (%s)" % (t["result"], t["target"], t["value"],
		                           t["limit"]))
	print("bench took %.0f s; results in %s/%s.{md,json}" %
	      (res["bench_seconds"], a.results, name))
	return 0


if __name__ == "__main__":
	sys.exit(main())
