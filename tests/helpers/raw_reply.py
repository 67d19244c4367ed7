#!/usr/bin/python3
"""raw_reply.py: a loopback TCP server that answers every connection with
canned raw bytes, for replies fixture_httpd.py cannot produce (no status
line at all: HTTP/0.9; any status text; any header).

Python 3 standard library only.

Usage:
    python3 tests/helpers/raw_reply.py --reply FILE --port-file PORTFILE \\
        --log LOG.jsonl [--max-seconds 300]

It binds 127.0.0.1 on an ephemeral port and writes the port (plus a
newline) to PORTFILE atomically once listening. For each connection it
reads the request head (up to the blank line, at most 64 KB) and a body
of Content-Length bytes, logs one JSON line {"request": "GET /x HTTP/1.1",
"bytes": N, "t": time} to LOG, sends the bytes of FILE (read again for
every connection, so a test can change the answer) and closes the
connection. It exits on SIGTERM or SIGINT, and by itself after
--max-seconds.
"""
import argparse
import json
import os
import signal
import socket
import sys
import threading
import time


def read_request(conn):
    data = b""
    conn.settimeout(10)
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                length = 0
    length = min(length, 1 << 20)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head.split(b"\r\n")[0].decode("latin-1"), len(body)


def serve(conn, args, lock):
    try:
        first, nbody = read_request(conn)
        with lock, open(args.log, "a") as f:
            f.write(json.dumps({"request": first, "bytes": nbody,
                                "t": time.time()}) + "\n")
        with open(args.reply, "rb") as f:
            conn.sendall(f.read())
    except OSError:
        pass
    finally:
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reply", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    srv.settimeout(0.5)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(tmp, args.port_file)
    lock = threading.Lock()
    deadline = time.time() + args.max_seconds
    while time.time() < deadline:
        try:
            conn, _ = srv.accept()
        except socket.timeout:
            continue
        except KeyboardInterrupt:
            break
        threading.Thread(target=serve, args=(conn, args, lock),
                         daemon=True).start()
    srv.close()


if __name__ == "__main__":
    main()
