"""Request bodies and query strings read as the Java service reads them.

The Java service reads JSON with Jackson (``webstack.system.Json``: no coercion of scalars,
duplicate keys refused, trailing tokens refused, unknown fields ignored), streaming: the
first problem in the document decides the answer, and a value of the wrong type is refused
when it is reached, whatever follows. ``read_json_object`` reproduces that with a small
streaming reader, so every body gets the same answer as from the Java service:

    empty body                        400 Request body required
    not an object at the top          400 Request body must be a JSON object
    a known field of the wrong type   400 Wrong type for field 'f'
    a key given twice                 400 Duplicate field 'k' at line L, column C
    nested deeper than 1000, a number
    longer than 1000 digits           400 JSON nested or sized beyond the limits
    anything else that is not JSON    400 Malformed JSON at line L, column C

Lines and columns count as Jackson counts them (columns in bytes of UTF-8, from 1).
Forms and query strings follow Java's ``URLDecoder`` and Tomcat's parameter parser.
"""
import asyncio
import json
import re
from typing import Dict, Optional, Tuple

from .problems import HttpError, bad_request, unsupported_media_type

MAX_BYTES = 64 * 1024
MAX_DEPTH = 1000          # Jackson's StreamReadConstraints defaults
MAX_NUMBER_LENGTH = 1000
MAX_NAME_LENGTH = 50_000
MAX_PARAMETERS = 1000     # Tomcat's maxParameterCount

STRING = "string"
BOOLEAN = "boolean"

MALFORMED_QUERY = "Malformed query string or too many parameters"


def too_large() -> HttpError:
    return HttpError(413, f"Request body larger than {MAX_BYTES} bytes")


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def require_media_type(content_type: Optional[str], expected: str) -> None:
    """415 unless the Content-Type is ``expected`` (parameters such as charset aside)."""
    if content_type is None or media_type(content_type) != expected:
        raise unsupported_media_type(expected)


async def read(request, timeout_ms: int) -> bytes:
    """The body, at most 64 KiB; more is 413 (a declared length over it is refused unread). A
    client that has not sent it all within ``timeout_ms`` gets 408; meanwhile it holds no
    thread, only its connection."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BYTES:
        raise too_large()
    chunks = []
    size = 0
    try:
        async with asyncio.timeout(timeout_ms / 1000):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise too_large()
                chunks.append(chunk)
    except TimeoutError:
        raise HttpError(408, f"Request body not received within {timeout_ms // 1000} s") from None
    return b"".join(chunks)


# --- JSON ----------------------------------------------------------------------------------

class _Syntax(Exception):
    """Where the body stopped being JSON (an index into the bytes), or a limit passed (None)."""

    def __init__(self, index: Optional[int], duplicate: Optional[str] = None):
        super().__init__(index)
        self.index = index
        self.duplicate = duplicate


class _NotAnObject(Exception):
    pass


class _WrongType(Exception):
    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


_WS = re.compile(rb"[ \t\r\n]*")
_SIMPLE_STRING = re.compile(rb'"((?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9A-Fa-f]{4})*)"')
_NUMBER = re.compile(rb"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_DIGIT = re.compile(rb"[0-9]")
_HEX = b"0123456789abcdefABCDEF"
_DUPLICATE = re.compile(r"Duplicate field '([^']{0,100})'")
_ESCAPES = b'"\\/bfnrt'


def _identifier_part(b: int) -> bool:
    return b >= 0x80 or chr(b).isalnum() or b in b"_$"


def _bad_byte(e: UnicodeDecodeError) -> int:
    """The byte at which UTF-8 stopped making sense (Jackson reports the place after it)."""
    return e.end if e.reason == "invalid continuation byte" else e.start


class _Reader:
    def __init__(self, data: bytes):
        self.d = data
        self.n = len(data)
        self.i = 0
        self.depth = 0

    def ws(self) -> int:
        self.i = _WS.match(self.d, self.i).end()
        return self.d[self.i] if self.i < self.n else -1

    def fail(self, index: int):
        raise _Syntax(min(index, self.n))

    def unexpected(self, i: int, name: bool = False):
        """A character where another was expected, reported where Jackson reports it: at an
        ASCII one, after a control character; where a field name should start (Jackson
        decodes it), at the last byte of a multi-byte one or after the byte where UTF-8 stops
        making sense; elsewhere at its first byte."""
        if i >= self.n:
            self.fail(self.n)
        c = self.d[i]
        if c < 0x20:
            self.fail(i + 1)
        if c < 0x80 or not name:
            self.fail(i)
        self.fail(i + len(self.char_at(i).encode("utf-8")) - 1)

    # A token: a scalar whole, or just the bracket that opens an object or array.

    def string(self, name: bool = False) -> str:
        start = self.i
        m = _SIMPLE_STRING.match(self.d, start)
        if m is not None:
            raw = m.group(0)
            try:
                value = json.loads(raw) if b"\\" in raw else raw[1:-1].decode("utf-8")
            except UnicodeDecodeError as e:
                # Jackson decodes a field name after its closing quote; in a value, a character
                # cut short by the closing quote fails at that quote.
                if name or e.reason == "unexpected end of data":
                    self.fail(m.end())
                self.fail(start + _bad_byte(e) + (0 if b"\\" in raw else 1) + 1)
            self.i = m.end()
            return value
        self._string_error(start)

    def _string_error(self, start: int):
        d, j = self.d, start + 1
        while True:
            if j >= self.n:
                break
            b = d[j]
            if b == 0x22:
                break
            if b == 0x5C:
                if j + 1 >= self.n:
                    j += 1
                    break
                e = d[j + 1]
                if e in _ESCAPES:
                    j += 2
                    continue
                if e == 0x75:
                    for k in range(j + 2, j + 6):
                        if k >= self.n or d[k] not in _HEX:
                            self._utf8_before(start, k)
                            self.fail(k)
                    j += 6
                    continue
                self._utf8_before(start, j + 1)
                if e >= 0x80:
                    self.fail(j + len(self.char_at(j + 1).encode("utf-8")))  # its last byte
                self.fail(j + 1)
            if b < 0x20:
                break
            j += 1
        self._utf8_before(start, j)
        self.fail(j)

    def _utf8_before(self, start: int, end: int):
        try:
            self.d[start:end].decode("utf-8")
        except UnicodeDecodeError as e:
            if e.reason != "unexpected end of data":
                self.fail(start + _bad_byte(e) + 1)

    def number(self) -> None:
        start = self.i
        m = _NUMBER.match(self.d, start)
        if m is None:  # a minus without a digit
            if self.d.startswith(b"-Infinity", start):
                self.fail(start + 9)
            if self.d.startswith(b"-I", start):
                self.fail(start)  # Jackson tried -Infinity: an unrecognized token
            self.fail(start + 1)
        end = m.end()
        nxt = self.d[end] if end < self.n else -1
        if nxt != -1:
            if _DIGIT.match(self.d, end) and m.group(0).lstrip(b"-") == b"0":
                self.fail(end)  # leading zero
            if nxt == 0x2E and m.group(1) is None and m.group(2) is None:
                self.fail(end + 1 if end + 1 < self.n else end)  # a decimal point without a digit
            if nxt in b"eE" and m.group(2) is None:
                self.fail(end + 1 if end + 1 >= self.n or self.d[end + 1] not in b"+-" else end + 2)
        if end - start > MAX_NUMBER_LENGTH:
            raise _Syntax(None)
        self.i = end

    def invalid_token(self, start: int):
        """Jackson reads an unrecognized token to its end for its message (decoding UTF-8 on
        the way, which can fail first), then reports where it started."""
        d, j = self.d, start + 1
        while j < self.n:
            b = d[j]
            if b < 0x80:
                if not (chr(b).isalnum() or b in b"_$"):
                    break
                j += 1
                continue
            try:
                char = d[j:j + 4].decode("utf-8")[:1]
            except UnicodeDecodeError as e:
                if e.start == 0:
                    self.fail(j + _bad_byte(e) + 1)
                char = d[j:j + e.start].decode("utf-8")[:1]
            if not ("a" + char).isidentifier():
                break
            j += len(char.encode("utf-8"))
        self.fail(start)

    def literal(self) -> Optional[bool]:
        d, i = self.d, self.i
        for word, value in ((b"true", True), (b"false", False), (b"null", None)):
            if d[i] == word[0]:
                end = i + len(word)
                if not d.startswith(word, i):
                    self.invalid_token(i)
                if end < self.n and d[end] >= 0x80:
                    # Jackson decodes what follows: not UTF-8 fails there; a letter makes an
                    # unrecognized token; anything else ends the literal.
                    char = self.char_at(end)
                    if chr(ord(char) & 0xFFFF).isalnum():
                        self.fail(i + 1)
                elif end < self.n and _identifier_part(d[end]):
                    self.invalid_token(i)
                self.i = end
                return value
        for word in (b"NaN", b"Infinity"):
            end = i + len(word)
            if d.startswith(word, i) and (end >= self.n or not _identifier_part(d[end])):
                self.fail(end)  # non-standard token: Jackson reports it after the token
        c = d[i]
        if c == 0x2B:
            self.fail(i + 1)  # a leading plus: Jackson looks at what follows
        if c < 0x20:
            self.fail(i + 1)  # a control character between tokens
        if c >= 0x80:
            self.fail(i + len(self.char_at(i).encode("utf-8")) - 1)  # at the character's last byte
        self.fail(i)

    def char_at(self, i: int) -> str:
        """The character that starts at byte i; where it is not UTF-8, fails after the byte that breaks it."""
        try:
            return self.d[i:i + 4].decode("utf-8")[:1]
        except UnicodeDecodeError as e:
            if e.start == 0:
                self.fail(i + _bad_byte(e) + 1)
            return self.d[i:i + e.start].decode("utf-8")[:1]

    def open(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Syntax(None)
        self.i += 1

    def token_kind(self, root: bool = False) -> object:
        """Reads the next token; its kind: '{', '[', 'string', 'number', True, False, None."""
        c = self.ws()
        if c == -1:
            self.fail(self.n)
        if c in b"{[":
            self.open()
            return chr(c)
        if c == 0x22:
            self.string()
            return "string"
        if c == 0x2D or 0x30 <= c <= 0x39:
            self.number()
            if root and self.i < self.n and self.d[self.i] not in b" \t\r\n":
                self.fail(self.i)  # Jackson: root-level values are separated by space
            return "number"
        return self.literal()

    # Whole values: skipped, but read, as Jackson skips what it does not map (without
    # recursion: a body may nest a thousand levels deep).

    def skip_value(self) -> None:
        kind = self.token_kind()
        if kind != "{" and kind != "[":
            return
        stack = [(kind, set())]
        first = True  # just opened: the container may close at once
        while stack:
            kind, seen = stack[-1]
            close = 0x7D if kind == "{" else 0x5D
            c = self.ws()
            if c == close and first or not first and c == close:
                self.i += 1
                self.depth -= 1
                stack.pop()
                first = False
                continue
            if not first:
                if c != 0x2C:
                    self.unexpected(self.i)
                self.i += 1
            if kind == "{":
                self.key(seen)
            inner = self.token_kind()
            first = inner == "{" or inner == "["
            if first:
                stack.append((inner, set()))

    def key(self, seen: set) -> str:
        """A field name and its colon; a name given twice in one object is refused."""
        c = self.ws()
        if c != 0x22:
            self.unexpected(self.i, name=True)
        name = self.string(name=True)
        if len(name) > MAX_NAME_LENGTH:
            raise _Syntax(None)
        if name in seen:
            raise _Syntax(self.i, duplicate=name)
        seen.add(name)
        if self.ws() != 0x3A:
            self.unexpected(self.i)
        self.i += 1
        return name

    def trailing(self) -> None:
        """After the value: nothing, or a refusal (a token is 'not an object', garbage is malformed)."""
        c = self.ws()
        if c == -1:
            return
        if c in b"]}":
            self.unexpected(self.i)
        if c == 0x22 or c in b"{[":
            raise _NotAnObject()  # Jackson stops at the token, before reading it
        self.token_kind(root=True)
        raise _NotAnObject()


def read_json_object(body: bytes, fields: Dict[str, str]) -> Dict[str, object]:
    """The body as an object of the given ``fields`` (name: STRING or BOOLEAN); unknown fields
    are ignored, absent ones are left out, JSON null is None."""
    if not body:
        raise bad_request("Request body required")
    data = _as_utf8(body)
    r = _Reader(data)
    try:
        c = r.ws()
        if c == -1:
            raise _NotAnObject()  # only whitespace: no content
        if c != 0x7B:
            # Jackson reads the first token, then refuses it: a record is made from an object.
            if c == 0x5B:
                raise _NotAnObject()
            kind = r.token_kind(root=True)
            if kind is None:
                r.trailing()  # null is read as no value, then the rest is checked
            raise _NotAnObject()
        r.open()
        values: Dict[str, object] = {}
        seen: set = set()
        c = r.ws()
        if c == 0x7D:
            r.i += 1
        else:
            while True:
                name = r.key(seen)
                expected = fields.get(name)
                if expected is None:
                    r.skip_value()
                else:
                    values[name] = _typed(r, name, expected)
                c = r.ws()
                if c == 0x2C:
                    r.i += 1
                    continue
                if c == 0x7D:
                    r.i += 1
                    break
                r.unexpected(r.i)
        r.depth -= 1
        r.trailing()
        return values
    except _NotAnObject:
        raise bad_request("Request body must be a JSON object") from None
    except _WrongType as e:
        raise bad_request(f"Wrong type for field '{e.field}'") from None
    except _Syntax as e:
        raise bad_request(_malformed(data, e)) from None


def _typed(r: _Reader, name: str, expected: str) -> object:
    c = r.ws()
    if c == 0x22:
        value = r.string()
        if expected == STRING:
            return value
        raise _WrongType(name)
    kind = r.token_kind()
    if kind is None:
        return None
    if expected == BOOLEAN and isinstance(kind, bool):
        return kind
    raise _WrongType(name)


def _as_utf8(body: bytes) -> bytes:
    # Jackson detects UTF-16 and UTF-32 as the JSON RFC says, and skips a UTF-8 BOM.
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:]
    encoding = json.detect_encoding(body)
    if encoding in ("utf-8", "utf-8-sig"):
        return body
    try:
        return body.decode(encoding).encode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return body


def _malformed(data: bytes, e: _Syntax) -> str:
    if e.index is None:
        return "JSON nested or sized beyond the limits"
    line, column = _location(data, e.index)
    at = f" at line {line}, column {column}"
    if e.duplicate is not None:
        # The Java service takes the name out of Jackson's message with Duplicate field
        # '([^']{0,100})': up to its first quote; none when that is over 100 characters away.
        quoted = _DUPLICATE.match(f"Duplicate field '{e.duplicate}'")
        if quoted is not None:
            return f"Duplicate field '{quoted.group(1)}'{at}"
    return "Malformed JSON" + at


def _location(data: bytes, index: int) -> Tuple[int, int]:
    line, start, j = 1, 0, 0
    while True:
        cr = data.find(b"\r", j, index)
        lf = data.find(b"\n", j, index)
        if cr == -1 and lf == -1:
            return line, index - start + 1
        k = min(x for x in (cr, lf) if x != -1)
        line += 1
        j = k + 1
        if data[k] == 0x0D and j < index and data[j] == 0x0A:
            j += 1
        start = j


# --- forms and query strings ---------------------------------------------------------------

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def read_form(body: bytes) -> Dict[str, str]:
    """application/x-www-form-urlencoded as the Java service reads it (java.net.URLDecoder,
    UTF-8): '+' is a space, a bad escape is 400, bytes that are not UTF-8 become U+FFFD, a
    field given twice keeps its first value, a field without '=' is empty."""
    form: Dict[str, str] = {}
    text = body.decode("utf-8", "replace")
    for pair in text.split("&"):
        if not pair:
            continue
        name, eq, value = pair.partition("=")
        form.setdefault(_url_decode(name), _url_decode(value) if eq else "")
    return form


def _url_decode(s: str) -> str:
    if "%" not in s and "+" not in s:
        return s
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c == "+":
            out += b" "
            i += 1
        elif c == "%":
            while i < n and s[i] == "%":
                hex2 = s[i + 1:i + 3]
                # Integer.parseInt(s, 16) takes a sign, nothing else that is not a digit
                if len(hex2) < 2 or not re.fullmatch(r"[+-]?[0-9A-Fa-f]+", hex2) or int(hex2, 16) < 0:
                    raise bad_request("Malformed form body")
                out.append(int(hex2, 16))
                i += 3
        else:
            j = i
            while j < n and s[j] not in "+%":
                j += 1
            out += s[i:j].encode("utf-8", "surrogatepass")
            i = j
    return out.decode("utf-8", "replace")


def query_parameters(raw: bytes) -> Dict[str, str]:
    """The query string as Tomcat parses it for getParameter: '&'-separated, '+' is a space,
    first value wins; a bad escape, bytes that are not UTF-8, a value without a name or more
    than 1000 parameters is 400, for the whole query."""
    params: Dict[str, str] = {}
    count = 0
    for segment in raw.split(b"&"):
        if not segment:
            continue
        name, eq, value = segment.partition(b"=")
        if not name:
            raise bad_request(MALFORMED_QUERY)
        count += 1
        if count > MAX_PARAMETERS:
            raise bad_request(MALFORMED_QUERY)
        params.setdefault(_query_decode(name), _query_decode(value))
    return params


def _query_decode(b: bytes) -> str:
    if b"%" in b:
        if _BAD_ESCAPE.search(b):
            raise bad_request(MALFORMED_QUERY)
        from urllib.parse import unquote_to_bytes
        b = unquote_to_bytes(b.replace(b"+", b" "))
    elif b"+" in b:
        b = b.replace(b"+", b" ")
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request(MALFORMED_QUERY) from None
