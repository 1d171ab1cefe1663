"""Flask peer of the webstack benchmark (same work as bench/peers/go-hello).

WSGI ``app``; run with gunicorn (Debian packages python3-flask, gunicorn), from
the repository root, N worker processes:

    gunicorn -w N -b 127.0.0.1:8000 --chdir bench/peers/python hello_flask:app

    GET /{word}/{n}  n lines "i: word\n" (n at most 10000, else 400; other paths 404)
    GET /json        {"message":"Hello, World!"}, app.json.dumps on every request
    GET /health      {"status":"healthy"}
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from flask import Flask, request  # noqa: E402

import hellocommon as hc  # noqa: E402

app = Flask(__name__)
# "/a//5" must reach the page (and be 404 there, as in Go), not be redirected.
app.url_map.merge_slashes = False


def _json(obj, **headers):
    # Flask's JSON provider, compact; jsonify would append "\n", which Go does not.
    body = app.json.dumps(obj, separators=(",", ":"))
    return app.response_class(body, status=200, headers=headers, content_type=hc.JSON)


@app.get("/json")
def json_page():
    return _json(hc.MESSAGE)


@app.get("/health")
def health_page():
    return _json(hc.HEALTH, **{"Cache-Control": "no-store"})


@app.get("/", defaults={"rest": ""})
@app.get("/<path:rest>")
def hello_page(rest=None):
    env = request.environ
    status, body = hc.hello(hc.wsgi_path(env), hc.wsgi_raw_path(env))
    resp = app.response_class(body, status=status, content_type=hc.TEXT)
    if status != 200:
        resp.headers["X-Content-Type-Options"] = "nosniff"
    return resp


@app.errorhandler(404)
def not_routed(error):
    # Werkzeug's <path:...> does not match a newline ("/a%0Ab/3"), which Go's
    # [^/]+ does: paths the routes miss go to the page too (it answers 404 itself).
    return hello_page()
