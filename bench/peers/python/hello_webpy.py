#!/usr/bin/python3
"""web.py peer of the webstack benchmark (same work as bench/peers/go-hello).

The module exposes a WSGI ``application``. Ways to run it (from the repository
root; Debian packages python3-webpy, python3-cheroot, gunicorn, python3-gevent,
uwsgi + uwsgi-plugin-python3):

  standalone on web.py's built-in server (CherryPy's cheroot WSGI server):
    /usr/bin/python3 bench/peers/python/hello_webpy.py 8000        (or HOST:PORT)
  gunicorn, N worker processes:
    gunicorn -w N -b 127.0.0.1:8000 --chdir bench/peers/python hello_webpy:application
  gunicorn with gevent workers:
    gunicorn -k gevent -w N -b 127.0.0.1:8000 --chdir bench/peers/python hello_webpy:application
  uwsgi, N processes, HTTP (or --socket/--fastcgi-socket behind nginx):
    uwsgi --plugin python3 --http-socket 127.0.0.1:8000 --pythonpath bench/peers/python \
          --wsgi-file bench/peers/python/hello_webpy.py --callable application \
          --processes N --master --die-on-term --disable-logging

    GET /{word}/{n}  n lines "i: word\n" (n at most 10000, else 400; other paths 404)
    GET /json        {"message":"Hello, World!"}, json.dumps on every request
    GET /health      {"status":"healthy"}
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import web  # noqa: E402
import web.httpserver  # noqa: E402

import hellocommon as hc  # noqa: E402

web.config.debug = False  # no reloader, no debug error pages

urls = (
    "/json", "JSONPage",
    "/health", "HealthPage",
    r"/[\s\S]*", "HelloPage",
)


class JSONPage:
    def GET(self):
        web.header("Content-Type", hc.JSON)
        return json.dumps(hc.MESSAGE, separators=(",", ":"))


class HealthPage:
    def GET(self):
        web.header("Content-Type", hc.JSON)
        web.header("Cache-Control", "no-store")
        return json.dumps(hc.HEALTH, separators=(",", ":"))


_STATUS = {200: "200 OK", 400: "400 Bad Request", 404: "404 Not Found"}


class HelloPage:
    def GET(self):
        env = web.ctx.env
        status, body = hc.hello(hc.wsgi_path(env), hc.wsgi_raw_path(env))
        web.ctx.status = _STATUS[status]
        web.header("Content-Type", hc.TEXT)
        if status != 200:
            web.header("X-Content-Type-Options", "nosniff")
        return body

    HEAD = GET


app = web.application(urls, globals(), autoreload=False)
application = app.wsgifunc()


def main():
    arg = sys.argv[1] if len(sys.argv) > 1 else "8000"
    host, _, port = arg.rpartition(":")
    host = host or "127.0.0.1"
    # web.py's own server (web.httpserver.runsimple) is cheroot's WSGI server plus
    # a per-request log line and a static-file middleware; run the server alone.
    server = web.httpserver.WSGIServer((host, int(port)), application)
    # cheroot's listen backlog defaults to 5: past 5 waiting connections the kernel drops
    # SYNs and clients retry after 1, 3, 7... s (siege -c 200 saw 60 s stalls). A production
    # deployment raises it; 1024 is in line with the other servers (gunicorn 2048, nginx 511+).
    server.request_queue_size = 1024
    print("hello_webpy: listening on http://%s:%s/ (cheroot)" % (host, port), file=sys.stderr, flush=True)
    try:
        server.start()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, _interrupt)
    main()
