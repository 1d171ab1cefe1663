"""FastAPI peer of the webstack benchmark (same work as bench/peers/go-hello).

ASGI ``app``; run with uvicorn (Debian packages python3-fastapi, python3-uvicorn),
from the repository root, N worker processes:

    /usr/bin/python3 -m uvicorn --app-dir bench/peers/python --host 127.0.0.1 --port 8000 \
        --workers N --no-access-log hello_fastapi:app

    GET /{word}/{n}  n lines "i: word\n" (n at most 10000, else 400; other paths 404)
    GET /json        {"message":"Hello, World!"}, FastAPI's JSONResponse on every request
    GET /health      {"status":"healthy"}
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fastapi import FastAPI, Request, Response  # noqa: E402

import hellocommon as hc  # noqa: E402

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/json")
async def json_page():
    # A dict goes through FastAPI's normal path: jsonable_encoder + JSONResponse,
    # which dumps with (",", ":") separators as "application/json".
    return hc.MESSAGE


@app.get("/health")
async def health_page(response: Response):
    response.headers["Cache-Control"] = "no-store"
    return hc.HEALTH


@app.get("/{rest:path}")
async def hello_page(request: Request):
    return _hello(request)


@app.exception_handler(404)
async def not_routed(request: Request, exc):
    # Starlette's {rest:path} is ".*", which stops at a newline ("/a%0Ab/3");
    # Go's [^/]+ does not: paths the routes miss go to the page too.
    return _hello(request)


def _hello(request):
    raw = request.scope.get("raw_path")
    if raw is None:
        raw = request.scope["path"].encode("utf-8")
    raw = raw.split(b"?", 1)[0]
    status, body = hc.hello(hc.decode(raw), raw)
    headers = {"X-Content-Type-Options": "nosniff"} if status != 200 else None
    # This Starlette appends "; charset=utf-8" to any text/ type: give it bare "text/plain".
    return Response(body, status_code=status, media_type="text/plain", headers=headers)
