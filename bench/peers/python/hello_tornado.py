#!/usr/bin/python3
"""Tornado peer of the webstack benchmark (same work as bench/peers/go-hello).

Start (Debian's python3-tornado, run with /usr/bin/python3):

    /usr/bin/python3 bench/peers/python/hello_tornado.py --port 8000 [--host 127.0.0.1] [--procs N]

--procs N (default 1) binds the socket once, then forks N processes with
tornado.process.fork_processes; --procs 0 means one per CPU. SIGINT or SIGTERM
stops it (send it to the process group when N > 1).

    GET /{word}/{n}  n lines "i: word\n" (n at most 10000, else 400; other paths 404)
    GET /json        {"message":"Hello, World!"}, json.dumps on every request
    GET /health      {"status":"healthy"}
"""
import argparse
import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tornado.httpserver  # noqa: E402
import tornado.ioloop  # noqa: E402
import tornado.netutil  # noqa: E402
import tornado.process  # noqa: E402
import tornado.web  # noqa: E402

import hellocommon as hc  # noqa: E402


class JSONHandler(tornado.web.RequestHandler):
    def get(self):
        # Tornado's write(dict) uses ", " / ": " separators and adds
        # "; charset=UTF-8"; dump compactly to equal Go's bytes and header.
        self.set_header("Content-Type", hc.JSON)
        self.write(json.dumps(hc.MESSAGE, separators=(",", ":")))


class HealthHandler(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", hc.JSON)
        self.set_header("Cache-Control", "no-store")
        self.write(json.dumps(hc.HEALTH, separators=(",", ":")))


class HelloHandler(tornado.web.RequestHandler):
    def get(self):
        raw = self.request.path
        path = hc.decode(raw)
        # Tornado routes on the path as sent; Go on the decoded one ("/%6Ason" is /json).
        if path == "/json":
            return JSONHandler.get(self)
        if path == "/health":
            return HealthHandler.get(self)
        status, body = hc.hello(path, raw)
        self.set_status(status)
        self.set_header("Content-Type", hc.TEXT)
        if status != 200:
            self.set_header("X-Content-Type-Options", "nosniff")
        self.write(body)

    head = get


def make_app():
    return tornado.web.Application([
        (r"/json", JSONHandler),
        (r"/health", HealthHandler),
        (r"/.*", HelloHandler),
    ], compress_response=False)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--procs", type=int, default=1,
                   help="processes to fork (0: one per CPU); default 1")
    a = p.parse_args()
    # Tornado's listen backlog defaults to 128, below siege's 200 users opening a connection
    # per request: dropped SYNs cost clients 1 s and more. 1024, as for the other peers.
    sockets = tornado.netutil.bind_sockets(a.port, a.host, backlog=1024)
    if a.procs != 1:
        tornado.process.fork_processes(a.procs)
    server = tornado.httpserver.HTTPServer(make_app(), xheaders=False)
    server.add_sockets(sockets)
    loop = tornado.ioloop.IOLoop.current()

    def stop(signum, frame):
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("hello_tornado: listening on http://%s:%d/ (pid %d)" % (a.host, a.port, os.getpid()),
          file=sys.stderr, flush=True)
    loop.start()


if __name__ == "__main__":
    main()
