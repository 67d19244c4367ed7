#!/usr/bin/python3
"""cdp_page.py: load one page in headless Chromium and report what it did.

Python 3 standard library only. Chromium is driven over the DevTools
protocol on a pipe (--remote-debugging-pipe: commands on the child's fd 3,
answers on its fd 4, each message JSON followed by a NUL byte), so no
websocket module and no debugging port are needed.

Usage:
    python3 tests/helpers/cdp_page.py --chromium /usr/bin/chromium \\
        --url file:///tmp/out/index.html --dom DOM.html \\
        --screenshot SHOT.png --events EVENTS.json [--width 1280] \\
        [--timeout 60] [--no-unshare]

It writes the DOM after the load event (document.documentElement.outerHTML),
a full-page PNG screenshot, and EVENTS.json:

    {"requests": ["file:///...", ...],   # every request the page made
     "console": [{"type": "error", "text": "..."}, ...],
     "exceptions": ["..."],               # uncaught script exceptions
     "log": [{"level": "error", "source": "security", "text": "..."}]}

"requests" comes from the page's own Network domain, so the browser's
background traffic (update checks and the like) is not in it. Networking is
off: Chromium runs in a new network namespace (unshare -n) when that works,
and in any case resolves every host name to nothing and sends everything
else to a closed proxy on 127.0.0.1:9, so a page cannot reach anything.
Exit status: 0 when the page loaded and the files were written, 2 when
Chromium could not be started or did not answer in time.
"""

import argparse
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--disable-domain-reliability", "--no-pings",
    "--disable-client-side-phishing-detection", "--mute-audio",
    "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--remote-debugging-pipe",
]


class Browser:
    def __init__(self, argv, deadline):
        self.deadline = deadline
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()

        def child_fds():
            os.dup2(cmd_r, 3)
            os.dup2(res_w, 4)

        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL,
                                     preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(cmd_r)
        os.close(res_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def read_one(self, until):
        """The next message, or None when until passes."""
        while b"\0" not in self.buf:
            left = min(until, self.deadline) - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.res_r], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.res_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        want = self.send(method, params, session)
        while True:
            msg = self.read_one(self.deadline)
            if msg is None:
                raise TimeoutError(method)
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name, timeout):
        until = time.monotonic() + timeout
        for ev in self.events:
            if ev["method"] == name:
                return True
        while True:
            msg = self.read_one(until)
            if msg is None:
                return False
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == name:
                    return True

    def drain(self, seconds):
        until = time.monotonic() + seconds
        while True:
            msg = self.read_one(until)
            if msg is None:
                return
            if "method" in msg:
                self.events.append(msg)

    def close(self):
        try:
            self.send("Browser.close")
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.cmd_w)
        os.close(self.res_r)


def summarise(events):
    out = {"requests": [], "console": [], "exceptions": [], "log": []}
    for ev in events:
        m, p = ev["method"], ev.get("params", {})
        if m == "Network.requestWillBeSent":
            out["requests"].append(p["request"]["url"])
        elif m == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", "")))
                            for a in p.get("args", []))
            out["console"].append({"type": p.get("type"), "text": text})
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            out["exceptions"].append(d.get("text", "") + " " + str(
                d.get("exception", {}).get("description", "")))
        elif m == "Log.entryAdded":
            e = p.get("entry", {})
            out["log"].append({"level": e.get("level"),
                               "source": e.get("source"),
                               "text": e.get("text"), "url": e.get("url")})
    return out


def load(b, args):
    target = b.call("Target.createTarget", {"url": "about:blank"})
    sess = b.call("Target.attachToTarget", {"targetId": target["targetId"],
                                            "flatten": True})["sessionId"]
    for dom in ("Page", "Network", "Runtime", "Log"):
        b.call(dom + ".enable", session=sess)
    b.call("Emulation.setDeviceMetricsOverride",
           {"width": args.width, "height": 900, "deviceScaleFactor": 1,
            "mobile": False}, session=sess)
    b.events.clear()
    b.call("Page.navigate", {"url": args.url}, session=sess)
    if not b.wait_event("Page.loadEventFired", args.timeout):
        raise TimeoutError("no load event")
    b.drain(0.5)
    dom = b.call("Runtime.evaluate", {
        "expression": "document.documentElement.outerHTML",
        "returnByValue": True}, session=sess)["result"]["value"]
    height = b.call("Runtime.evaluate", {
        "expression": "document.documentElement.scrollHeight",
        "returnByValue": True}, session=sess)["result"]["value"]
    b.call("Emulation.setDeviceMetricsOverride",
           {"width": args.width, "height": min(int(height), 16000),
            "deviceScaleFactor": 1, "mobile": False}, session=sess)
    shot = b.call("Page.captureScreenshot", {"format": "png"},
                  session=sess)["data"]
    return dom, base64.b64decode(shot)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chromium", default="chromium")
    ap.add_argument("--url", required=True)
    ap.add_argument("--dom", required=True)
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--events", required=True)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--no-unshare", action="store_true")
    args = ap.parse_args()

    profile = tempfile.mkdtemp(prefix="cdp-profile.")
    argv = [args.chromium] + FLAGS + ["--user-data-dir=" + profile]
    unshare = shutil.which("unshare")
    if not args.no_unshare and unshare and subprocess.call(
            [unshare, "-n", "true"], stderr=subprocess.DEVNULL) == 0:
        argv = [unshare, "-n"] + argv
    b = None
    try:
        b = Browser(argv, time.monotonic() + args.timeout)
        dom, png = load(b, args)
    except (OSError, RuntimeError, TimeoutError, KeyError) as e:
        sys.stderr.write("cdp_page: %s: %s\n" % (type(e).__name__, e))
        return 2
    finally:
        if b:
            b.close()
        shutil.rmtree(profile, ignore_errors=True)
    with open(args.dom, "w", encoding="utf-8") as f:
        f.write(dom)
    with open(args.screenshot, "wb") as f:
        f.write(png)
    with open(args.events, "w", encoding="utf-8") as f:
        json.dump(summarise(b.events), f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
