"""bcrypt hashing of passwords, at a configurable cost, on a bounded number of threads at once
(as the Java service's PasswordHasher): a request that finds every slot taken for
``APP_BCRYPT_WAIT_MS`` gets 503. Hashes are ``$2a$``, as the Java service writes them, so each
service verifies the other's."""
import threading
from typing import Optional

import bcrypt

from .problems import HttpError


class PasswordHasher:
    def __init__(self, cost: int, concurrency: int, wait_ms: int):
        self.cost = cost
        self.slots = threading.BoundedSemaphore(concurrency)
        self.wait = wait_ms / 1000
        # Checked against when the user does not exist, so a wrong email costs as much time
        # as a wrong password.
        self.decoy = bcrypt.hashpw(b"decoy password, never matches", bcrypt.gensalt(cost, b"2a"))

    def hash(self, password: str) -> str:
        with self._slot():
            return bcrypt.hashpw(_bytes(password), bcrypt.gensalt(self.cost, b"2a")).decode("ascii")

    def matches(self, password: str, hashed: Optional[str]) -> bool:
        secret = _bytes(password)
        if len(secret) > 72:
            return False  # never stored: registration refuses them
        with self._slot():
            try:
                ok = bcrypt.checkpw(secret, self.decoy if hashed is None else hashed.encode("ascii"))
            except ValueError:
                ok = False  # a NUL byte: this bcrypt cannot check it (see the README)
        return ok and hashed is not None

    def _slot(self):
        if not self.slots.acquire(timeout=self.wait):
            raise HttpError(503, "Too many password checks at once, try again shortly",
                            headers={"Retry-After": "1"})
        return _Release(self.slots)


class _Release:
    def __init__(self, slots):
        self.slots = slots

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.slots.release()


def _bytes(password: str) -> bytes:
    return password.encode("utf-8", "replace")  # as Java: a lone surrogate is '?'

