#!/usr/bin/python3
"""fixture_httpd.py: a scriptable HTTP/1.1 server on 127.0.0.1 for sigwatch tests.

Python 3 standard library only (Debian 12's /usr/bin/python3 is 3.11).

Usage:
    python3 tests/helpers/fixture_httpd.py --routes ROUTES.json \\
        --port-file PORTFILE --log LOG.jsonl [--root DIR] [--pid-file F] \\
        [--max-seconds 600] [--verbose] [--tls-cert PEM --tls-key PEM]

It binds 127.0.0.1 on an ephemeral port and, once listening, writes the port
number (plus a newline) to PORTFILE atomically (tmp file + rename), so a test
can poll for the file with a bounded wait and read a complete number. It exits
on SIGTERM or SIGINT, and by itself after --max-seconds (default 600) so that
nothing is ever left behind. --pid-file receives its process id. With
--tls-cert and --tls-key it speaks HTTPS instead (tests/fixtures/http/ holds a
self-signed certificate for 127.0.0.1 and localhost; trust it as a CA file).

Every request is logged as one JSON line to LOG (flushed at once), written when
the request has been read and before the answer is sent, so aborted transfers
are logged too:

    {"method": "GET", "path": "/feed", "query": "a=1",
     "headers": {"if-none-match": "\\"v1\\"", ...},   # names lowercased
     "body": "...",          # request body, utf-8, errors replaced
     "n": 1,                 # per-path request counter, from 1
     "inflight": 1,          # requests not yet being answered at arrival, this included
     "t": 1700000000.123}    # time.time()

The maximum of "inflight" over the log is the highest concurrency observed.

ROUTES.json maps a path (exact match on the path without its query) to a
response spec, or to a list of specs used in sequence by that path's request
counter (the last one repeats). "*" is the default route; without a match the
answer is 404. A spec (every key optional):

    "status": 200
    "headers": {"Name": "value"}  (or a list of [name, value] pairs)
    "body": "text"                 "body_file": "relative/to/--root"
    "body_b64": "base64 bytes"
    "etag": "\\"v1\\""     send ETag; answer 304 (no body) when If-None-Match
                         equals it (or lists it, or is *)
    "last_modified": "Wed, 21 Oct 2015 07:28:00 GMT"
                         send Last-Modified; 304 when If-Modified-Since equals it
    "delay": 0.3           seconds before answering at all
    "drip": {"bytes": 1, "every": 2.0, "total": N}
                         slow body: the body (or "x" * total) in pieces of
                         `bytes` every `every` seconds
    "chunked": true        Transfer-Encoding: chunked
    "gzip": true           Content-Encoding: gzip of the body
    "generate": {"bytes": N, "byte": "0"}
                         a large generated body, streamed in 64 KB blocks;
                         with "gzip" it is compressed on the fly (50 MB of
                         zeros is ~50 KB on the wire); the length is unknown
                         up front, so it is chunked unless "chunked": false,
                         in which case the connection closes after the body
    "redirect": "URL or /path"   302 with Location (status overridable)
    "retry_after": "7"     Retry-After header
    "content_type": "application/rss+xml; charset=utf-8"
                         (default text/plain; charset=utf-8)
    "truncate": N          declare the full Content-Length but send only N
                         body bytes, then close the connection
    "close": true          Connection: close after this response

The server re-reads ROUTES.json whenever its mtime changes (checked on each
request), so a test can change the answers between runs. Write the new file
to a temporary name and rename it over the old one; a file that does not
parse is ignored and the previous routes stay in force.

From a shell script (bounded wait, stop by pid):

    python3 tests/helpers/fixture_httpd.py --routes "$T/routes.json" \
        --port-file "$T/port" --log "$T/log.jsonl" --pid-file "$T/pid" &
    for i in $(seq 200); do [ -s "$T/port" ] && break; sleep 0.05; done
    PORT=$(cat "$T/port")
    ...
    kill "$(cat "$T/pid")"

From C, tests/unit/t_helpers.h (t_srv_start/t_srv_stop) forks and execs it.

A Slack webhook is just a route, usually a sequence, e.g.
    {"/hooks/T/B/X": [{"status": 500}, {"status": 429, "retry_after": "3"},
                      {"status": 410, "body": "channel_is_archived"},
                      {"status": 200, "body": "ok"}]}
and the request log holds the posted payloads.
"""

import argparse
import base64
import gzip
import http.server
import json
import os
import signal
import socketserver
import ssl
import sys
import threading
import time
import zlib

BLOCK = 64 * 1024
MAX_REQUEST_BODY = 32 * 1024 * 1024


class State:
    def __init__(self, routes_path, root, log_path, verbose):
        self.routes_path = routes_path
        self.root = root
        self.verbose = verbose
        self.lock = threading.Lock()
        self.routes = {}
        self.mtime = None
        self.counters = {}
        self.inflight = 0
        self.log = open(log_path, "a", encoding="utf-8")
        self.reload(force=True)

    def reload(self, force=False):
        try:
            st = os.stat(self.routes_path)
        except OSError:
            return
        key = (st.st_mtime_ns, st.st_size, st.st_ino)
        if not force and key == self.mtime:
            return
        try:
            with open(self.routes_path, encoding="utf-8") as f:
                routes = json.load(f)
            if not isinstance(routes, dict):
                raise ValueError("routes must be an object")
        except (OSError, ValueError) as e:
            sys.stderr.write("fixture_httpd: routes not reloaded: %s\n" % e)
            if force and not self.routes:
                self.routes = {}
            return
        self.routes = routes
        self.mtime = key

    def next_spec(self, path):
        """Count the request and pick its spec; returns (n, spec or None)."""
        with self.lock:
            self.reload()
            n = self.counters.get(path, 0) + 1
            self.counters[path] = n
            self.inflight += 1
            spec = self.routes.get(path)
            if spec is None:
                spec = self.routes.get("*")
            if isinstance(spec, list):
                spec = spec[min(n, len(spec)) - 1] if spec else None
            return n, spec, self.inflight

    def done(self):
        with self.lock:
            self.inflight -= 1

    def write_log(self, rec):
        line = json.dumps(rec, ensure_ascii=False)
        with self.lock:
            self.log.write(line + "\n")
            self.log.flush()


STATE = None


def gzip_stream(blocks):
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    for b in blocks:
        out = comp.compress(b)
        if out:
            yield out
    out = comp.flush()
    if out:
        yield out


def generated(total, byte):
    block = byte * BLOCK
    left = total
    while left > 0:
        n = min(left, BLOCK)
        yield block[:n]
        left -= n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture_httpd/1"
    sys_version = ""

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if STATE.verbose:
            sys.stderr.write("fixture_httpd: " + (fmt % args) + "\n")

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            data = bytearray()
            while True:
                line = self.rfile.readline(1024)
                if not line:
                    break
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while True:
                        t = self.rfile.readline(8192)
                        if not t or t in (b"\r\n", b"\n"):
                            break
                    break
                if len(data) + size > MAX_REQUEST_BODY:
                    raise ValueError("request body too large")
                data += self.rfile.read(size)
                self.rfile.readline(16)
            return bytes(data)
        n = int(self.headers.get("Content-Length") or 0)
        if n < 0 or n > MAX_REQUEST_BODY:
            raise ValueError("bad Content-Length")
        return self.rfile.read(n) if n else b""

    def handle_any(self):
        path, _, query = self.path.partition("?")
        if path.startswith("http://") or path.startswith("https://"):
            # absolute-form request target (proxies); keep only the path
            rest = path.split("://", 1)[1]
            path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.send_error(400)
            self.close_connection = True
            return
        n, spec, inflight = STATE.next_spec(path)
        self.counted = True
        try:
            hdrs = {}
            for k, v in self.headers.items():
                k = k.lower()
                hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
            STATE.write_log({
                "method": self.command, "path": path, "query": query,
                "headers": hdrs,
                "body": body.decode("utf-8", errors="replace"),
                "n": n, "inflight": inflight, "t": time.time()})
            self.answer(spec)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,
                TimeoutError):
            self.close_connection = True
        finally:
            self.served()

    def served(self):
        # A request stops counting as in flight once the server starts to
        # answer it: the client can send its next request as soon as it has
        # the answer, possibly before this thread runs again, so counting
        # until the last byte is written over-counts on a loaded machine.
        if getattr(self, "counted", False):
            self.counted = False
            STATE.done()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = \
        do_OPTIONS = handle_any

    def spec_body(self, spec):
        if "body_file" in spec:
            p = os.path.join(STATE.root, spec["body_file"])
            with open(p, "rb") as f:
                return f.read()
        if "body_b64" in spec:
            return base64.b64decode(spec["body_b64"])
        b = spec.get("body", "")
        return b.encode("utf-8") if isinstance(b, str) else bytes(b)

    def answer(self, spec):
        if spec is None:
            spec = {"status": 404, "body": "no route\n"}
        if not isinstance(spec, dict):
            spec = {"status": 500, "body": "bad route spec\n"}
        delay = float(spec.get("delay", 0) or 0)
        if delay > 0:
            time.sleep(delay)
        self.served()

        status = int(spec.get("status", 200))
        headers = []
        extra = spec.get("headers", {})
        if isinstance(extra, dict):
            headers.extend(extra.items())
        else:
            headers.extend((h[0], h[1]) for h in extra)

        etag = spec.get("etag")
        lm = spec.get("last_modified")
        not_modified = False
        if etag is not None:
            headers.append(("ETag", etag))
            inm = self.headers.get("If-None-Match")
            if inm is not None:
                tags = [t.strip() for t in inm.split(",")]
                if inm.strip() == etag or etag in tags or "*" in tags:
                    not_modified = True
        if lm is not None:
            headers.append(("Last-Modified", lm))
            if etag is None or self.headers.get("If-None-Match") is None:
                if self.headers.get("If-Modified-Since") == lm:
                    not_modified = True
        if "retry_after" in spec:
            headers.append(("Retry-After", str(spec["retry_after"])))
        if "redirect" in spec:
            headers.append(("Location", spec["redirect"]))
            if "status" not in spec:
                status = 302
        if spec.get("close"):
            headers.append(("Connection", "close"))
            self.close_connection = True

        if not_modified:
            self.send_response(304)
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            return

        ctype = spec.get("content_type", "text/plain; charset=utf-8")
        headers.append(("Content-Type", ctype))
        use_gzip = bool(spec.get("gzip"))
        chunked = spec.get("chunked")
        gen = spec.get("generate")
        drip = spec.get("drip")
        head = self.command == "HEAD" or status in (204, 304) or \
            100 <= status < 200

        # build the body as an iterator of byte blocks, plus its length if known
        length = None
        if gen is not None:
            total = int(gen.get("bytes", 0))
            byte = str(gen.get("byte", "0")).encode("latin-1")[:1] or b"0"
            blocks = generated(total, byte)
            if use_gzip:
                blocks = gzip_stream(blocks)
            else:
                length = total
            if chunked is None:
                chunked = use_gzip
        else:
            data = self.spec_body(spec)
            if drip is not None and not data:
                data = b"x" * int(drip.get("total", 0))
            if use_gzip:
                data = gzip.compress(data)
            blocks = iter([data]) if data else iter([])
            length = len(data)

        if use_gzip:
            headers.append(("Content-Encoding", "gzip"))
        if chunked:
            headers.append(("Transfer-Encoding", "chunked"))
        elif length is not None:
            headers.append(("Content-Length", str(length)))
        else:
            headers.append(("Connection", "close"))
            self.close_connection = True

        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if head:
            return

        truncate = spec.get("truncate")
        sent = 0

        def emit(piece):
            nonlocal sent
            if not piece:
                return True
            if truncate is not None and sent + len(piece) > int(truncate):
                piece = piece[:max(0, int(truncate) - sent)]
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                else:
                    self.wfile.write(piece)
                self.wfile.flush()
                self.close_connection = True
                return False
            sent += len(piece)
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            return True

        if drip is not None:
            step = max(1, int(drip.get("bytes", 1)))
            every = float(drip.get("every", 1.0))
            data = b"".join(blocks)
            for i in range(0, len(data), step):
                if i:
                    time.sleep(every)
                if not emit(data[i:i + step]):
                    return
                self.wfile.flush()
        else:
            for piece in blocks:
                if not emit(piece):
                    return
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
        if truncate is not None:
            self.close_connection = True
        self.wfile.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError,
                            ConnectionAbortedError, TimeoutError,
                            ssl.SSLError)) and not STATE.verbose:
            return
        super().handle_error(request, client_address)


def write_atomic(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)


def main():
    global STATE
    ap = argparse.ArgumentParser(description="scriptable HTTP test server")
    ap.add_argument("--routes", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--root", default=None)
    ap.add_argument("--pid-file", default=None)
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--tls-cert", default=None)
    ap.add_argument("--tls-key", default=None)
    a = ap.parse_args()

    root = a.root or os.path.dirname(os.path.abspath(a.routes))
    STATE = State(a.routes, root, a.log, a.verbose)

    def bye(signum=None, frame=None):
        try:
            STATE.log.flush()
        finally:
            os._exit(0)

    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    watchdog = threading.Timer(a.max_seconds, bye)
    watchdog.daemon = True
    watchdog.start()

    srv = Server(("127.0.0.1", 0), Handler)
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        # handshake in the handler thread, not in accept()
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True,
                                     do_handshake_on_connect=False)
    if a.pid_file:
        write_atomic(a.pid_file, "%d\n" % os.getpid())
    write_atomic(a.port_file, "%d\n" % srv.server_address[1])
    srv.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
