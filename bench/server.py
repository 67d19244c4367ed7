#!/usr/bin/python3
"""server.py: the loopback feed server of `make bench`.

    python3 bench/server.py --root DIR --latency 0.05 --port-file F \\
        [--pid-file F] [--max-seconds 900]

Serves every file of DIR (loaded into memory at start) as /f/NAME on
127.0.0.1 (ephemeral port, written to --port-file atomically once
listening), HTTP/1.1 with keep-alive, each answer after --latency seconds
(the round trip to a distant server; the wait overlaps across requests, as
it would over a network). Every answer carries an ETag (a hash of the
body) and a Last-Modified; a request whose If-None-Match lists the ETag,
or without If-None-Match whose If-Modified-Since is not older than
Last-Modified, gets 304 with no body.

Control paths, answered at once, not counted: GET /_stats (JSON: counts
by status, requests, body bytes, highest concurrency, the server's own CPU
seconds), GET /_reset (zero the counters), GET /_root?dir=D (serve another
directory's files from now on; ETags follow the bodies).

Python 3 standard library only. Exits on SIGTERM/SIGINT or after
--max-seconds.
"""

import argparse
import asyncio
import hashlib
import json
import os
import resource
import signal
import sys
import time
import urllib.parse
from email.utils import formatdate, parsedate_to_datetime

CTYPES = {".xml": "application/xml; charset=utf-8",
          ".json": "application/json", ".html": "text/html; charset=utf-8"}


class Files:
	def __init__(self, root):
		self.map = {}
		mtime_base = 1735689600
		for i, name in enumerate(sorted(os.listdir(root))):
			p = os.path.join(root, name)
			if not os.path.isfile(p):
				continue
			with open(p, "rb") as f:
				body = f.read()
			etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
			lm_t = mtime_base - i * 60
			self.map["/f/" + name] = (body, etag, formatdate(lm_t, usegmt=True),
			                          lm_t, CTYPES.get(os.path.splitext(name)[1],
			                                           "application/octet-stream"))


class Server:
	def __init__(self, a):
		self.a = a
		self.files = Files(a.root)
		self.reset()

	def reset(self):
		self.counts = {}
		self.requests = 0
		self.bytes = 0
		self.inflight = 0
		self.max_inflight = 0
		self.conns = 0
		self.t_first = self.t_last = None
		ru = resource.getrusage(resource.RUSAGE_SELF)
		self.cpu0 = ru.ru_utime + ru.ru_stime

	def stats(self):
		ru = resource.getrusage(resource.RUSAGE_SELF)
		return {"status": self.counts, "requests": self.requests,
		        "body_bytes": self.bytes, "max_inflight": self.max_inflight,
		        "connections": self.conns,
		        "span_s": round(self.t_last - self.t_first, 3)
		        if self.t_first is not None and self.t_last is not None else 0,
		        "server_cpu_s": round(ru.ru_utime + ru.ru_stime - self.cpu0, 3)}

	def not_modified(self, hdr, etag, lm_t):
		inm = hdr.get("if-none-match")
		if inm is not None:
			tags = [t.strip() for t in inm.split(",")]
			return "*" in tags or etag in tags or ("W/" + etag) in tags
		ims = hdr.get("if-modified-since")
		if ims:
			try:
				return parsedate_to_datetime(ims).timestamp() >= lm_t
			except (TypeError, ValueError, IndexError, OverflowError):
				return False
		return False

	async def handle(self, reader, writer):
		self.conns += 1
		try:
			while True:
				try:
					head = await reader.readuntil(b"\r\n\r\n")
				except (asyncio.IncompleteReadError, asyncio.LimitOverrunError,
				        ConnectionError):
					return
				lines = head.decode("latin-1").split("\r\n")
				try:
					method, target, version = lines[0].split(" ", 2)
				except ValueError:
					return
				hdr = {}
				for ln in lines[1:]:
					k, sep, v = ln.partition(":")
					if sep:
						hdr[k.strip().lower()] = v.strip()
				n = int(hdr.get("content-length", "0") or 0)
				if n:
					await reader.readexactly(n)
				keep = (version == "HTTP/1.1" and
				        hdr.get("connection", "").lower() != "close")
				u = urllib.parse.urlsplit(target)
				if u.path.startswith("/_"):
					status, extra, body = self.control(u)
				else:
					self.requests += 1
					now = time.monotonic()
					if self.t_first is None:
						self.t_first = now
					self.inflight += 1
					self.max_inflight = max(self.max_inflight, self.inflight)
					try:
						await asyncio.sleep(self.a.latency)
					finally:
						self.inflight -= 1
					f = self.files.map.get(u.path)
					if f is None:
						status, extra, body = 404, [], b"not found\n"
					else:
						fb, etag, lm, lm_t, ctype = f
						extra = [("ETag", etag), ("Last-Modified", lm),
						         ("Content-Type", ctype)]
						if self.not_modified(hdr, etag, lm_t):
							status, body = 304, b""
						else:
							status, body = 200, fb
					self.counts[str(status)] = self.counts.get(str(status), 0) + 1
					self.t_last = time.monotonic()
					self.bytes += len(body)
				reason = {200: "OK", 304: "Not Modified", 404: "Not Found",
				          400: "Bad Request"}.get(status, "OK")
				out = ["HTTP/1.1 %d %s" % (status, reason),
				       "Date: " + formatdate(usegmt=True),
				       "Server: sigwatch-bench"]
				out += ["%s: %s" % kv for kv in extra]
				if status != 304:
					out.append("Content-Length: %d" % len(body))
				if not keep:
					out.append("Connection: close")
				data = ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
				writer.write(data + body if method != "HEAD" else data)
				await writer.drain()
				if not keep:
					return
		except (ConnectionError, asyncio.CancelledError):
			return
		finally:
			try:
				writer.close()
			except Exception:
				pass

	def control(self, u):
		q = urllib.parse.parse_qs(u.query)
		if u.path == "/_stats":
			return 200, [("Content-Type", "application/json")], \
			    json.dumps(self.stats()).encode()
		if u.path == "/_reset":
			self.reset()
			return 200, [], b"ok\n"
		if u.path == "/_root" and q.get("dir"):
			self.files = Files(q["dir"][0])
			return 200, [], b"ok\n"
		return 400, [], b"bad control request\n"


async def main_async(a):
	srv = Server(a)
	server = await asyncio.start_server(srv.handle, "127.0.0.1", 0,
	                                    backlog=1024, limit=1 << 16)
	port = server.sockets[0].getsockname()[1]
	tmp = a.port_file + ".tmp"
	with open(tmp, "w") as f:
		f.write("%d\n" % port)
	os.replace(tmp, a.port_file)
	stop = asyncio.Event()
	loop = asyncio.get_running_loop()
	for s in (signal.SIGTERM, signal.SIGINT):
		loop.add_signal_handler(s, stop.set)
	loop.call_later(a.max_seconds, stop.set)
	async with server:
		await stop.wait()


def main():
	p = argparse.ArgumentParser()
	p.add_argument("--root", required=True)
	p.add_argument("--latency", type=float, default=0.05)
	p.add_argument("--port-file", required=True)
	p.add_argument("--pid-file")
	p.add_argument("--max-seconds", type=float, default=900)
	a = p.parse_args()
	if a.pid_file:
		with open(a.pid_file, "w") as f:
			f.write("%d\n" % os.getpid())
	asyncio.run(main_async(a))


if __name__ == "__main__":
	main()
