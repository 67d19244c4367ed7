#!/usr/bin/env python3
"""A hostile Lever board on 127.0.0.1: every page is full (100 postings,
each with a large description) and announces more, for ever.

    hostile_board.py --port-file F [--desc-bytes N] [--max-seconds S] [--log F]

GET /<anything>?skip=N&limit=L answers L postings with ids skip..skip+L-1.
The log (one line per request: "skip bytes") lets a test count pages.
The server exits after --max-seconds (default 300), whatever happens.
"""
import argparse
import http.server
import json
import socketserver
import threading
import time
import urllib.parse


def page(skip, limit, desc_bytes):
    filler = ("mesh networking " * (desc_bytes // 16 + 1))[:desc_bytes]
    out = []
    for i in range(skip, skip + limit):
        out.append({
            "id": "posting-%08d" % i,
            "text": "Engineer %d" % i,
            "hostedUrl": "https://jobs.example.com/hostile/%d" % i,
            "createdAt": 1764547200000,
            "categories": {"team": "Networking"},
            "descriptionPlain": filler,
        })
    return json.dumps(out).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--desc-bytes", type=int, default=40000)
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--log")
    a = ap.parse_args()
    lock = threading.Lock()

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            skip = int((q.get("skip") or ["0"])[0])
            limit = min(int((q.get("limit") or ["100"])[0]), 1000)
            body = page(skip, limit, a.desc_bytes)
            if a.log:
                with lock, open(a.log, "a") as f:
                    f.write("%d %d\n" % (skip, len(body)))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    srv = S(("127.0.0.1", 0), H)
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(a.port_file + ".tmp", a.port_file)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    time.sleep(a.max_seconds)
    srv.shutdown()


if __name__ == "__main__":
    main()
