#!/usr/bin/python3
"""connect_proxy.py: a small HTTP CONNECT proxy on 127.0.0.1 for sigwatch tests.

Python 3 standard library only.

Usage:
    python3 tests/helpers/connect_proxy.py --port-file PORTFILE --log LOG.jsonl
        [--auth USER:PASSWORD] [--max-seconds 300] [--pid-file F]

It binds 127.0.0.1 on an ephemeral port and, once listening, writes the port
number (plus a newline) to PORTFILE atomically (tmp file + rename). It exits
on SIGTERM or SIGINT, and by itself after --max-seconds, so nothing is left
behind.

Each request line is logged, before the answer, as one JSON line:

    {"method": "CONNECT", "authority": "127.0.0.1:8080", "auth": true,
     "status": 200, "t": 1700000000.1}

"auth" says whether a Proxy-Authorization header came with it (its value is
never logged); "status" is the answer the proxy gives.

Answers:
    CONNECT to a loopback address (127.0.0.0/8, ::1) or to "localhost":
        200, then bytes are relayed both ways until either side closes.
    CONNECT anywhere else: 403 (a test must never send traffic off the
        machine, and the proxy refuses to).
    CONNECT when --auth is set and Proxy-Authorization is missing or wrong:
        407 with Proxy-Authenticate: Basic.
    Any other method (a plain proxy request, "GET http://..."): 405.
"""

import argparse
import base64
import ipaddress
import json
import os
import select
import signal
import socket
import socketserver
import sys
import threading
import time

HEAD_MAX = 16 * 1024
IDLE = 30.0


class State:
    def __init__(self, log_path, auth):
        self.lock = threading.Lock()
        self.log = open(log_path, "a", encoding="utf-8")
        self.auth = auth

    def record(self, entry):
        entry["t"] = time.time()
        with self.lock:
            self.log.write(json.dumps(entry, sort_keys=True) + "\n")
            self.log.flush()


def loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_authority(auth):
    """host and port of "host:port" or "[v6]:port", or (None, None)"""
    if auth.startswith("["):
        end = auth.find("]")
        if end < 0 or auth[end + 1:end + 2] != ":":
            return None, None
        host, port = auth[1:end], auth[end + 2:]
    else:
        host, _, port = auth.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None, None
    return host, int(port)


def relay(a, b):
    socks = [a, b]
    while True:
        r, _, _ = select.select(socks, [], [], IDLE)
        if not r:
            return
        for s in r:
            try:
                data = s.recv(65536)
            except OSError:
                return
            if not data:
                return
            other = b if s is a else a
            try:
                other.sendall(data)
            except OSError:
                return


class Handler(socketserver.BaseRequestHandler):
    def answer(self, status, reason, extra=""):
        msg = "HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\n\r\n" % (
            status, reason, extra)
        try:
            self.request.sendall(msg.encode("ascii"))
        except OSError:
            pass

    def read_head(self):
        data = b""
        self.request.settimeout(IDLE)
        while b"\r\n\r\n" not in data:
            if len(data) > HEAD_MAX:
                return None
            chunk = self.request.recv(4096)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        return head.decode("latin-1"), rest

    def handle(self):
        st = self.server.state
        try:
            got = self.read_head()
        except OSError:
            return
        if got is None:
            return
        head, rest = got
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        method = parts[0] if parts else ""
        target = parts[1] if len(parts) > 1 else ""
        has_auth = "proxy-authorization" in headers
        entry = {"method": method, "authority": target, "auth": has_auth}
        if method != "CONNECT":
            entry["status"] = 405
            st.record(entry)
            self.answer(405, "Method Not Allowed")
            return
        if st.auth is not None:
            want = "Basic " + base64.b64encode(
                st.auth.encode("utf-8")).decode("ascii")
            if headers.get("proxy-authorization") != want:
                entry["status"] = 407
                st.record(entry)
                self.answer(407, "Proxy Authentication Required",
                            "Proxy-Authenticate: Basic realm=\"test\"\r\n")
                return
        host, port = split_authority(target)
        if host is None or not loopback(host):
            entry["status"] = 403
            st.record(entry)
            self.answer(403, "Forbidden")
            return
        try:
            up = socket.create_connection((host, port), timeout=10)
        except OSError:
            entry["status"] = 502
            st.record(entry)
            self.answer(502, "Bad Gateway")
            return
        entry["status"] = 200
        st.record(entry)
        try:
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                up.sendall(rest)
            relay(self.request, up)
        except OSError:
            pass
        finally:
            up.close()


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--auth", default=None)
    ap.add_argument("--pid-file", default=None)
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args()

    srv = Server(("127.0.0.1", 0), Handler)
    srv.state = State(args.log, args.auth)
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)

    def stop(*_):
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    timer = threading.Timer(args.max_seconds, stop)
    timer.daemon = True
    timer.start()
    srv.serve_forever(poll_interval=0.2)
    srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
