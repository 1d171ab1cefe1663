"""Signed bearer tokens (JWT, HS256), as the Java service's TokenService issues and checks
them: claims iss "webstack", sub (the user id as a string), ver (the user's token version),
iat, exp. PyJWT checks the signature (HS256 only: ``alg: none`` and other algorithms are
refused); the claims are then checked as java-jwt checks them (exp, ver and sub required,
exp/nbf/iat against the current second, no leeway; aud is not looked at), so a token valid
for one service is valid for the other."""
import re
import time
from typing import NamedTuple, Optional

import jwt

ISSUER = "webstack"
VERSION = "ver"
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*={0,2}")  # base64url, as Java's decoder takes it
_LONG = re.compile(r"[+-]?\d+")                  # Long.parseLong: a sign, then digits
_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_INT_MIN, _INT_MAX = -(1 << 31), (1 << 31) - 1
_OPTIONS = {"verify_signature": True, "verify_exp": False, "verify_nbf": False, "verify_iat": False,
            "verify_aud": False, "verify_iss": False, "require": []}


class Token(NamedTuple):
    value: str
    expires_in: int


class Claims(NamedTuple):
    user_id: int
    token_version: int


class TokenService:
    def __init__(self, secret: bytes, ttl_seconds: int):
        self.secret = secret
        self.ttl = ttl_seconds

    def issue(self, user_id: int, token_version: int) -> Token:
        now = int(time.time())
        value = jwt.encode({"iss": ISSUER, "sub": str(user_id), VERSION: token_version,
                            "iat": now, "exp": now + self.ttl}, self.secret, algorithm="HS256")
        return Token(value, self.ttl)

    def verify(self, token: str) -> Optional[Claims]:
        """Whom a valid token was issued to, or None when it is malformed, forged or expired."""
        parts = token.split(".")
        if len(parts) != 3 or not all(_SEGMENT.fullmatch(p) for p in parts):
            return None
        try:
            payload = jwt.decode(token, self.secret, algorithms=["HS256"], options=_OPTIONS)
        except (jwt.InvalidTokenError, ValueError, TypeError):
            return None
        return _claims(payload)


def _claims(payload: dict) -> Optional[Claims]:
    if payload.get("iss") != ISSUER:
        return None
    now = int(time.time())
    exp, nbf, iat = (_seconds(payload, name) for name in ("exp", "nbf", "iat"))
    if False in (exp, nbf, iat):
        return None  # a date that is not a number
    # A token must say when it ends: one without exp would be valid forever.
    if exp is None or not now < exp:
        return None
    if (nbf is not None and nbf > now) or (iat is not None and iat > now):
        return None
    sub = payload.get("sub")
    version = _version(payload.get(VERSION, False))
    if sub is None or version is None:
        return None
    subject = _text(sub)
    if subject is None or not _LONG.fullmatch(subject):
        return None
    user_id = int(subject)
    if not _LONG_MIN <= user_id <= _LONG_MAX:
        return None
    return Claims(user_id, version)


def _seconds(payload: dict, name: str):
    """A NumericDate in whole seconds; None when absent or null; False when not a number."""
    value = payload.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if value != value or not _LONG_MIN <= value <= _LONG_MAX:
        return False
    return int(value)


def _version(value) -> Optional[int]:
    """The ver claim as java-jwt's asInt(): a JSON number, as a Java int; anything else is no version."""
    if value is None or value is False or value is True or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        if value != value:
            return 0
        return max(_INT_MIN, min(_INT_MAX, int(value)))
    return (value - _INT_MIN) % (1 << 32) + _INT_MIN


def _text(value) -> Optional[str]:
    """A claim as Jackson's asText(): strings as they are, numbers and booleans as Java writes them."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return None  # floats ("5.0"), objects and arrays never parse as a user id
