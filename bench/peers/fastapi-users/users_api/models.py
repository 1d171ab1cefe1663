"""The request bodies (Pydantic models) and how a user is shown.

The rules and messages are the Java service's Bean Validation constraints (``NewUser``,
``UserPatch``, ``PasswordLength``), checked as Hibernate Validator checks them: every
violated constraint of every field is reported, lengths count UTF-16 code units as Java's
``String.length()`` does, trimming is Java's ``String.strip()``, an email is valid when both
Hibernate's ``@Email`` check and the pattern ``[^@\\s]+@[^@\\s]+\\.[^@\\s]+`` accept it.
"""
import re
import unicodedata
from datetime import datetime
from typing import List, Optional

from pydantic import BaseModel, Field, StrictBool, StrictStr, ValidationError, validator

from .problems import FieldError

# Character.isWhitespace: space, line and paragraph separators except the non-breaking
# ones, and \t \n \u000B \f \r \u001C-\u001F (Python's str.strip() also takes \x85 and
# the non-breaking spaces).
JAVA_WHITESPACE = "".join(
    c for c in map(chr, range(0x3000 + 1))
    if (unicodedata.category(c) in ("Zs", "Zl", "Zp") and c not in "\u00a0\u2007\u202f")
    or c in "\t\n\u000b\f\r\u001c\u001d\u001e\u001f")


def java_strip(s: str) -> str:
    return s.strip(JAVA_WHITESPACE)


def utf16_length(s: str) -> int:
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def utf8_length(s: str) -> int:
    # Java encodes a lone surrogate as '?': one byte.
    return len(s.encode("utf-8", "replace"))


class Violations(ValueError):
    """Every constraint a field violates (Bean Validation reports them all)."""

    def __init__(self, messages: List[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _check(*failed: Optional[str]) -> None:
    messages = [m for m in failed if m]
    if messages:
        raise Violations(messages)


# --- Hibernate Validator's @Email (AbstractEmailValidator, DomainNameUtil) ----------------

_LOCAL_ATOM = r"[a-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]"
_LOCAL_QUOTED_ATOM = r"(?:[a-z0-9!#$%&'*.(),<>\[\]:;  @+/=?^_`{|}~\u0080-\uffff-]|\\\\|\\\")"
_LOCAL_PART = re.compile(
    rf'(?:{_LOCAL_ATOM}+|"{_LOCAL_QUOTED_ATOM}+")(?:\.(?:{_LOCAL_ATOM}+|"{_LOCAL_QUOTED_ATOM}+"))*',
    re.IGNORECASE | re.ASCII)  # Java's CASE_INSENSITIVE: ASCII letters only
_DOMAIN_CHARS = r"[a-z\u0080-\uffff0-9!#$%&'*+/=?^_`{|}~]"
# Hibernate's possessive quantifiers (++, *+) are written greedy: the runs they bound cannot
# overlap, so they match the same, and Python 3.11.2's possessive quantifiers mismatch
# (re.fullmatch(r"[a-z]++(?:-++[a-z]++)*+(?:\.[a-z]++)*+", "b-.com") matches).
_DOMAIN_LABEL = rf"{_DOMAIN_CHARS}+(?:-+{_DOMAIN_CHARS}+)*"
_DOMAIN = rf"{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})*"
_IP_DOMAIN = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"
_IP_V6_DOMAIN = (
    r"(?:(?:[0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,7}:|"
    r"(?:[0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,5}(?::[0-9a-fA-F]{1,4}){1,2}|"
    r"(?:[0-9a-fA-F]{1,4}:){1,4}(?::[0-9a-fA-F]{1,4}){1,3}|(?:[0-9a-fA-F]{1,4}:){1,3}(?::[0-9a-fA-F]{1,4}){1,4}|"
    r"(?:[0-9a-fA-F]{1,4}:){1,2}(?::[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(?:(?::[0-9a-fA-F]{1,4}){1,6})|"
    r":(?:(?::[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|"
    r"::(?:ffff(:0{1,4}){0,1}:){0,1}(?:(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}"
    r"(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])|(?:[0-9a-fA-F]{1,4}:){1,4}:"
    r"(?:(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9]))")
_EMAIL_DOMAIN = re.compile(rf"{_DOMAIN}|\[{_IP_DOMAIN}\]|\[IPv6:{_IP_V6_DOMAIN}\]", re.IGNORECASE | re.ASCII)
# The service's own pattern (NewUser); Java's \s is ASCII whitespace only.
_EMAIL_PATTERN = re.compile(r"[^@ \t\n\x0b\f\r]+@[^@ \t\n\x0b\f\r]+\.[^@ \t\n\x0b\f\r]+")


def is_valid_email(email: str) -> bool:
    if email and not _hibernate_email(email):
        return False
    return _EMAIL_PATTERN.fullmatch(email) is not None


def _hibernate_email(email: str) -> bool:
    at = email.rfind("@")
    if at < 0:
        return False
    local, domain = email[:at], email[at + 1:]
    if utf16_length(local) > 64 or _LOCAL_PART.fullmatch(local) is None:
        return False
    if domain.endswith("."):
        return False
    try:
        ascii_domain = domain.encode("idna")  # java.net.IDN.toASCII: IDNA 2003, as Python's codec
    except UnicodeError:
        return False
    if len(ascii_domain) > 255:
        return False
    return _EMAIL_DOMAIN.fullmatch(domain) is not None


# --- the bodies ----------------------------------------------------------------------------

PASSWORD_LENGTH = "must be 8 to 72 bytes of UTF-8"
# The one password rule the Java service does not have: the C bcrypt behind python3-bcrypt
# cannot hash a NUL byte (the Java library can). See the README.
PASSWORD_NUL = "must not contain U+0000"


def _password_length(password: Optional[str]) -> Optional[str]:
    if password is None:
        return None
    return None if 8 <= utf8_length(password) <= 72 else PASSWORD_LENGTH


def _password_nul(password: Optional[str]) -> Optional[str]:
    return PASSWORD_NUL if password is not None and "\x00" in password else None


class NewUser(BaseModel):
    """The body of POST /users. Email and name are trimmed (the email lowercased) first."""

    email: Optional[StrictStr] = None
    name: Optional[StrictStr] = None
    password: Optional[StrictStr] = Field(None, repr=False)

    @validator("email", always=True)
    def _email(cls, v):
        if v is None:
            raise Violations(["is required"])
        v = java_strip(v).lower()
        _check("must be at most 254 characters" if utf16_length(v) > 254 else None,
               None if is_valid_email(v) else "must be a valid email address")
        return v

    @validator("name", always=True)
    def _name(cls, v):
        v = None if v is None else java_strip(v)
        _check("must not be blank" if not v else None,
               "must be at most 100 characters" if v is not None and utf16_length(v) > 100 else None)
        return v

    @validator("password", always=True)
    def _password(cls, v):
        _check("is required" if v is None else None, _password_length(v), _password_nul(v))
        return v


class UserPatch(BaseModel):
    """The body of PATCH /users/{id}: each field optional; a new password ends older tokens."""

    name: Optional[StrictStr] = None
    is_active: Optional[StrictBool] = None
    password: Optional[StrictStr] = Field(None, repr=False)

    @validator("name")
    def _name(cls, v):
        if v is None:
            return None
        v = java_strip(v)
        _check(None if 1 <= utf16_length(v) <= 100 else "must be 1 to 100 characters, not blank")
        return v

    @validator("password")
    def _password(cls, v):
        _check(_password_length(v), _password_nul(v))
        return v

    def is_empty(self) -> bool:
        return self.name is None and self.is_active is None and self.password is None


def field_errors(error: ValidationError) -> List[FieldError]:
    errors = []
    for wrapper in error.raw_errors:
        field = str(wrapper.loc_tuple()[0])
        exc = wrapper.exc
        for message in exc.messages if isinstance(exc, Violations) else [str(exc)]:
            errors.append(FieldError(field, message))
    return errors


# --- how a user is shown -------------------------------------------------------------------

def instant(value: datetime) -> str:
    """A UTC timestamp as Jackson writes a java.time.Instant: RFC 3339 with 'Z', the fraction
    in groups of three digits, none when it is zero."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    micros = value.microsecond
    if micros == 0:
        return text + "Z"
    if micros % 1000 == 0:
        return f"{text}.{micros // 1000:03d}Z"
    return f"{text}.{micros:06d}Z"


def user_view(user, with_email: bool) -> dict:
    """{id, email, name, created_at, is_active}: never the hash; the email only to the user
    itself and to admins (left out, not null, for anyone else)."""
    view = {"id": user.id}
    if with_email:
        view["email"] = user.email
    view["name"] = user.name
    view["created_at"] = instant(user.created_at)
    view["is_active"] = bool(user.is_active)
    return view
