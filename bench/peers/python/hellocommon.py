"""Shared pieces of the Python peers of the webstack benchmark.

Every peer in this directory does the work of bench/peers/go-hello (the
reference for behaviour and messages); this module holds what they share so
that their answers are byte-identical to the Go peer's:

- the 2011 test's regular expression, compiled once, applied with
  ``fullmatch`` so that ``$`` does not match before a trailing newline (Go's
  ``$`` does not);
- the page itself: a for loop formatting ``"%d: %s\n" % (i, word)``;
- the count rule (leading zeros ignored, more than 9 significant digits is over
  any cap), the 400 and 404 one-line messages.

Paths are percent-decoded as UTF-8; bytes that are not UTF-8 are kept as they
are (``surrogateescape``), as Go keeps them, so the word is echoed unchanged.
Not a peer itself: imported by hello_*.py from the same directory.
"""
import re
from urllib.parse import quote, unquote_to_bytes

MAX_COUNT = 10000
ROUTE = re.compile(r"^/([^/]+)/([0-9]+)$")

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"

MESSAGE = {"message": "Hello, World!"}
HEALTH = {"status": "healthy"}


def decode(raw):
    """Percent-decodes a raw path (str or bytes) as UTF-8."""
    if isinstance(raw, str):
        raw = raw.encode("latin-1", "surrogateescape")
    return unquote_to_bytes(raw).decode("utf-8", "surrogateescape")


def wsgi_path(environ):
    """The decoded path of a WSGI request.

    Decoded from the path as sent when the server gives it (gunicorn's RAW_URI,
    uwsgi's and cheroot's REQUEST_URI): cheroot leaves %2F encoded in PATH_INFO,
    where Go decodes it. Else PATH_INFO (bytes as latin-1)."""
    raw = wsgi_raw_path(environ)
    if raw is not None:
        return decode(raw)
    return environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "surrogateescape")


def wsgi_raw_path(environ):
    """The path as the client sent it, if the WSGI server tells (else None)."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not uri or not uri.startswith("/"):
        return None
    return uri.split("?", 1)[0].split("#", 1)[0]


def encode(text):
    return text.encode("utf-8", "surrogateescape")


def count(digits):
    """n of /{word}/{n}, or None when it is over MAX_COUNT (as go-hello's count)."""
    significant = digits.lstrip("0")
    if not significant:
        return 0
    if len(significant) > 9:
        return None
    n = int(significant)
    return None if n > MAX_COUNT else n


def too_big(digits):
    """The 400 body."""
    shown = digits if len(digits) <= 20 else digits[:20] + "..."
    return "count must be at most %d, got %s\n" % (MAX_COUNT, shown)


# Go's url.EscapedPath: the raw path when it is a valid encoding, else the path
# escaped as Go's url.PathEscape-for-paths does.
_GO_SAFE = "$&+,/:;=@"
_RAW_OK = set(b"!$&'()*+,;=:@[]%-_.~/"
              b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def not_found(path, raw=None):
    """The 404 body for the decoded path (raw: the path as sent, if known)."""
    if raw is not None:
        rawb = raw.encode("latin-1", "surrogateescape") if isinstance(raw, str) else raw
        if all(c in _RAW_OK for c in rawb) and unquote_to_bytes(rawb) == encode(path):
            return "Not found: " + rawb.decode("ascii") + "\n"
    return "Not found: " + quote(encode(path), safe=_GO_SAFE) + "\n"


def hello(path, raw=None):
    """The benchmark page for a decoded path: (status, body bytes)."""
    m = ROUTE.fullmatch(path)
    if m is None:
        return 404, encode(not_found(path, raw))
    word, digits = m.group(1), m.group(2)
    n = count(digits)
    if n is None:
        return 400, encode(too_big(digits))
    lines = []
    for i in range(n):
        lines.append("%d: %s\n" % (i, word))
    return 200, encode("".join(lines))
