"""Errors answered on purpose, written as RFC 9457 problems, as the Java service's
``HttpError`` and ``Problems`` write them: {type, title, status, detail, errors?}."""
import json
import re
from typing import Any, Dict, Iterable, List, NamedTuple, Optional

from starlette.responses import JSONResponse, Response

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Content Too Large",
    414: "URI Too Long", 415: "Unsupported Media Type", 422: "Unprocessable Content",
    426: "Upgrade Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}

# The order in which methods are listed in Allow.
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def title(status: int) -> str:
    return TITLES.get(status, "Internal Server Error" if status >= 500 else "Error")


def ordered(methods: Iterable[str]) -> str:
    methods = set(methods)
    return ", ".join(m for m in METHOD_ORDER if m in methods)


class FieldError(NamedTuple):
    field: str
    message: str


class HttpError(Exception):
    """A status, a detail written for the client (never internals), the fields that failed
    validation and any headers the status needs."""

    def __init__(self, status: int, detail: str, errors: Iterable[FieldError] = (),
                 headers: Optional[Dict[str, str]] = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors: List[FieldError] = list(errors)
        self.headers = headers or {}


def bad_request(detail: str) -> HttpError:
    return HttpError(400, detail)


def unauthorized(detail: str) -> HttpError:
    return HttpError(401, detail, headers={"WWW-Authenticate": "Bearer"})


def not_found(detail: str) -> HttpError:
    return HttpError(404, detail)


def method_not_allowed(method: str, allowed: Iterable[str]) -> HttpError:
    allow = ordered(allowed)
    return HttpError(405, f"Method {method} not allowed here; allowed: {allow}", headers={"Allow": allow})


def unsupported_media_type(expected: str) -> HttpError:
    return HttpError(415, f"Content-Type must be {expected}")


def invalid(errors: List[FieldError]) -> HttpError:
    """422 naming every field that failed, sorted by field, then message."""
    errors = sorted(errors)
    return HttpError(422, f"Invalid request: {len(errors)} field(s) failed validation", errors)


_ESCAPED_IN_JAVA = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")
_CONTROL_ESCAPE = re.compile(r"(\\\\)|\\u00([0-9a-f]{2})")


def _utf16_escape(match) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join("\\u%02X%02X" % (units[i], units[i + 1]) for i in range(0, len(units), 2))


def json_bytes(value: Any) -> bytes:
    """Compact JSON in the bytes Jackson writes: UTF-8, characters outside the BMP (and lone
    surrogates) as escaped UTF-16 pairs, control characters as \\u00XX in upper case."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if not text.isascii():
        text = _ESCAPED_IN_JAVA.sub(_utf16_escape, text)
    if "\\u00" in text:
        text = _CONTROL_ESCAPE.sub(lambda m: m.group(1) or "\\u00" + m.group(2).upper(), text)
    return text.encode("utf-8")


class JavaJSONResponse(JSONResponse):
    """application/json as the Java service writes it (see json_bytes)."""

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def problem_bytes(error: HttpError) -> bytes:
    # Jackson's NON_EMPTY: a field without a value is left out.
    problem = {"type": "about:blank", "title": title(error.status), "status": error.status}
    if error.detail:
        problem["detail"] = error.detail
    if error.errors:
        problem["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    return json_bytes(problem)


def problem_response(error: HttpError) -> Response:
    return Response(problem_bytes(error), status_code=error.status, headers=error.headers,
                    media_type=PROBLEM_JSON)
