"""The route table and what every route does before its handler, as the Java service's
``Routes``/``RouteFilter``: which paths exist, the methods each takes, whether CORS applies.

An ASGI layer around the FastAPI app: it answers CORS preflights (every OPTIONS on a CORS
route: 204), refuses methods a route does not take (405 with Allow), answers paths that are
no route (404), and puts on every answer of a route its headers (no sniffing, no referrer,
the allowed origin; ``Cache-Control: no-store`` once a request reached the user data).
FastAPI's own 404/405 answers and error bodies are never reached.
"""
import re
from typing import Dict, FrozenSet, NamedTuple, Optional, Tuple
from urllib.parse import unquote_to_bytes

from .problems import PROBLEM_JSON, HttpError, bad_request, method_not_allowed, not_found, ordered, problem_bytes

READ = frozenset({"GET", "HEAD"})
CORS_HEADERS = "Origin, Content-Type, Authorization"
# Set in a request's scope when the answer carries user data: no cache may keep it.
NO_STORE = "webstack.no_store"
# Header names as Tomcat writes them (Starlette writes them in lower case; HTTP does not
# mind, but clients that read raw answers may).
_CANONICAL = {name.lower().encode("latin-1"): name.encode("latin-1") for name in (
    "Content-Type", "Content-Length", "Cache-Control", "Location", "Allow", "Retry-After", "WWW-Authenticate",
    "X-Content-Type-Options", "Referrer-Policy", "Vary", "Upgrade", "Connection", "Access-Control-Allow-Origin",
    "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age")}


def canonical(headers):
    return [(_CANONICAL.get(name, name), value) for name, value in headers]


class Route(NamedTuple):
    name: str
    methods: FrozenSet[str]
    cors: bool

    def allowed(self) -> FrozenSet[str]:
        """What Allow lists: the route's methods, and OPTIONS where CORS answers preflights."""
        return self.methods | {"OPTIONS"} if self.cors else self.methods


# The collection and one user are two routes, each with its own methods (405 and Allow).
USERS = Route("users", frozenset({"GET", "HEAD", "POST"}), True)
USER = Route("user", frozenset({"GET", "HEAD", "PATCH", "DELETE"}), True)
WS = Route("ws-upgrade-required", READ, False)
EXACT: Dict[str, Route] = {
    "/json": Route("json", READ, True),
    "/health": Route("health", READ, True),
    "/users": USERS,
    "/token": Route("token", frozenset({"POST"}), True),
    "/ws": WS,
}
PREFIXES: Tuple[Tuple[str, Route], ...] = (("/users/", USER), ("/ws/", WS))


def find(path: str) -> Optional[Route]:
    route = EXACT.get(path)
    if route is None:
        for prefix, r in PREFIXES:
            if path.startswith(prefix):
                return r
    return route


# What Tomcat's connector refuses before any application sees the request (deploy/tomcat/
# server.xml: maxHttpHeaderSize 16384; Tomcat's maxHeaderCount 100; no relaxed characters).
MAX_HEAD_BYTES = 16384
MAX_HEADERS = 100
_REFUSED_IN_TARGET = re.compile(rb'[\x00-\x20"<>\\^`{|}\x7f]')
_PATH_PARAMETERS = re.compile(rb";[^/]*")
_REFUSED_ESCAPES = re.compile(rb"%(?:2f|5c|00)", re.IGNORECASE)


def refused_by_tomcat(scope) -> Optional[HttpError]:
    """A request Tomcat's connector answers itself: an HTTP version other than 1.0 and 1.1
    (505), characters it does not take in the request target, more than 100 headers, or a
    request line and headers over 16 KiB (400)."""
    if scope.get("http_version") not in ("1.0", "1.1"):
        return HttpError(505, "HTTP Version Not Supported")
    raw = scope.get("raw_path") or b""
    query = scope.get("query_string") or b""
    if _REFUSED_IN_TARGET.search(raw) or _REFUSED_IN_TARGET.search(query):
        return bad_request("Bad Request")
    headers = scope["headers"]
    if len(headers) > MAX_HEADERS:
        return bad_request("Bad Request")
    size = len(scope["method"]) + len(raw) + len(query) + 12
    for name, value in headers:
        size += len(name) + len(value) + 4
    if size > MAX_HEAD_BYTES:
        return bad_request("Bad Request")
    return None


def decoded_path(raw: bytes) -> Optional[str]:
    """The request path as Tomcat maps it, or None where Tomcat answers 400: path parameters
    (``;jsessionid=...``) removed from every segment, then percent-decoded as UTF-8 (an encoded
    '/', '\\' or NUL, or bytes that are not UTF-8, are refused), then normalized: '//' is '/',
    '.' and '..' segments are resolved ('..' above the root is refused)."""
    if b";" in raw:
        raw = _PATH_PARAMETERS.sub(b"", raw)
    if b"%" in raw:
        if _REFUSED_ESCAPES.search(raw):
            return None
        raw = unquote_to_bytes(raw)
    if b"\\" in raw:
        return None
    try:
        path = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "//" not in path and "/." not in path:
        return path
    out = []
    segments = path.split("/")
    for i, seg in enumerate(segments[1:], 1):
        last = i == len(segments) - 1
        if seg == "" and not last:
            continue
        if seg == ".":
            if last:
                out.append("")
            continue
        if seg == "..":
            if not out:
                return None
            out.pop()
            if last:
                out.append("")
            continue
        out.append(seg)
    return "/" + "/".join(out)


class RouteTable:
    """The outermost ASGI application: the route table in front of ``app`` (FastAPI)."""

    def __init__(self, app, cors_origins: Tuple[str, ...]):
        self.app = app
        self.origins = cors_origins
        self.any_origin = "*" in cors_origins

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # lifespan, WebSocket
            return
        headers = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        refused = refused_by_tomcat(scope)
        if refused is not None:
            await _answer(send, refused, headers)
            return
        path = decoded_path(scope.get("raw_path") or scope["path"].encode("utf-8"))
        if path is None:
            await _answer(send, bad_request("Bad Request"), headers)
            return
        if path != scope["path"]:
            scope = dict(scope, path=path)
        route = find(path)
        if route is None:
            await _answer(send, not_found(f"No page at {path}"), headers)
            return
        method = scope["method"]
        if route.cors:
            headers += self._allow_origin(scope)
            if method == "OPTIONS":
                allowed = ordered(route.allowed()).encode("latin-1")
                await send({"type": "http.response.start", "status": 204, "headers": canonical(headers + [
                    (b"access-control-allow-methods", allowed),
                    (b"access-control-allow-headers", CORS_HEADERS.encode("latin-1")),
                    (b"access-control-max-age", b"600"),
                    (b"allow", allowed)])})
                await send({"type": "http.response.body", "body": b""})
                return
        if method not in route.methods:
            await _answer(send, method_not_allowed(method, route.allowed()), headers)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                extra = headers
                if scope.get(NO_STORE):
                    extra = extra + [(b"cache-control", b"no-store")]
                message["headers"] = canonical(list(message.get("headers", ())) + extra)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _allow_origin(self, scope):
        if self.any_origin:
            return [(b"access-control-allow-origin", b"*")]
        origin = None
        for name, value in scope["headers"]:
            if name == b"origin":
                origin = value.decode("latin-1")
                break
        allow = [(b"vary", b"Origin")]
        if origin is not None and origin in self.origins:
            allow.append((b"access-control-allow-origin", origin.encode("latin-1")))
        return allow


async def _answer(send, error: HttpError, headers):
    body = problem_bytes(error)
    await send({"type": "http.response.start", "status": error.status, "headers": canonical(headers + [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in error.headers.items()] + [
        (b"content-type", PROBLEM_JSON.encode("latin-1")), (b"content-length", str(len(body)).encode("latin-1"))])})
    await send({"type": "http.response.body", "body": body})
