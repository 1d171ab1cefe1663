"""The user operations, as the Java service's UserService: each request does the same
statements, in the same order, as there."""
from datetime import datetime, timedelta
from typing import List, NamedTuple

from sqlalchemy import exc

from .models import NewUser, UserPatch, instant, java_strip, user_view
from .passwords import PasswordHasher
from .problems import HttpError, bad_request, not_found
from .repository import UserRepository, is_duplicate_key


class Caller(NamedTuple):
    """Who makes a request: the authenticated user, and whether it is an admin. A user
    manages its own account; an admin manages every one."""
    id: int
    admin: bool

    def may_manage(self, user_id: int) -> bool:
        return self.admin or self.id == user_id


class LoginBackoff(NamedTuple):
    """After ``max_failures`` failed logins in a row an account refuses logins for
    ``first_lock`` seconds; each further failure doubles it, up to ``max_lock``."""
    max_failures: int
    first_lock: int
    max_lock: int

    def lock_after(self, failures: int) -> int:
        if failures < self.max_failures:
            return 0
        return min(self.first_lock << min(failures - self.max_failures, 30), self.max_lock)


def utc_now() -> datetime:
    return datetime.utcnow()


def _millis(t: datetime) -> datetime:
    return t.replace(microsecond=t.microsecond // 1000 * 1000)


def _normalized_email(email: str) -> str:
    return java_strip(email).lower()


class UserService:
    def __init__(self, users: UserRepository, hasher: PasswordHasher, backoff: LoginBackoff):
        self.users = users
        self.hasher = hasher
        self.backoff = backoff

    def register(self, request: NewUser) -> dict:
        # Hash before taking a connection: bcrypt is the slow part and needs no database.
        password_hash = self.hasher.hash(request.password)
        created_at = _millis(utc_now())
        try:
            user_id = self.users.insert(request.email, request.name, password_hash, created_at)
        except exc.IntegrityError as e:
            # The unique key decides, so concurrent registrations of one email get one winner.
            if is_duplicate_key(e):
                raise bad_request("Email already registered") from None
            raise
        return {"id": user_id, "email": request.email, "name": request.name,
                "created_at": instant(created_at), "is_active": True}

    def get(self, caller: Caller, user_id: int) -> dict:
        """Any caller may read a user; the email only if it may manage that user."""
        return user_view(_found(self.users.find_by_id(user_id)), caller.may_manage(user_id))

    def list(self, caller: Caller, skip: int, limit: int) -> List[dict]:
        return [user_view(u, caller.may_manage(u.id)) for u in self.users.list(skip, limit)]

    def update(self, caller: Caller, user_id: int, patch: UserPatch) -> dict:
        """A user changes its own account, an admin any; a new password or a deactivation
        ends its tokens."""
        _require_may_manage(caller, user_id)
        password_hash = None if patch.password is None else self.hasher.hash(patch.password)
        user = self.users.update_and_get(user_id, patch.name, patch.is_active, password_hash)
        return user_view(_found(user), True)

    def delete(self, caller: Caller, user_id: int) -> None:
        _require_may_manage(caller, user_id)
        if self.users.delete(user_id) == 0:
            raise _user_not_found()

    def find_active(self, user_id: int):
        """The active user with this id, or None: what a token's subject must still be."""
        user = self.users.find_by_id(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, email: str, password: str):
        """The active user with these credentials, or None; one bcrypt check either way. An
        account that failed too often in a row refuses every attempt for a while: 429 with
        Retry-After, the password not even checked."""
        user = self.users.find_by_email(_normalized_email(email))
        now = utc_now()
        if user is not None and user.locked_until is not None and now < user.locked_until:
            seconds = max(1, int((user.locked_until - now).total_seconds()))
            raise HttpError(429, f"Too many failed logins for this account: try again in {seconds} s",
                            headers={"Retry-After": str(seconds)})
        matches = self.hasher.matches(password, None if user is None else user.password_hash)
        if user is None:
            return None
        if matches:
            self.users.clear_failed_logins(user.id)
        else:
            lock = self.backoff.lock_after(user.failed_logins + 1)
            self.users.record_failed_login(user.id, _millis(now + timedelta(seconds=lock)) if lock else None)
        return user if matches and user.is_active else None

    def ensure_admin(self, email: str, name: str, password: str) -> None:
        """The operator's admin account: created when missing, else made admin and active with
        this password. Changes nothing (and ends no token) when the account is already so.
        Workers starting together take turns (a named lock); an instance that does not take
        the lock, such as a Java one, still loses the race cleanly on the unique key."""
        normalized = _normalized_email(email)
        with self.users.lock("webstack-admin-" + normalized, 30):
            existing = self.users.find_by_email(normalized)
            if (existing is not None and existing.is_admin and existing.is_active
                    and self.hasher.matches(password, existing.password_hash)):
                return
            password_hash = self.hasher.hash(password)
            if existing is None:
                try:
                    self.users.insert(normalized, name, password_hash, _millis(utc_now()), admin=True)
                    return
                except exc.IntegrityError as e:
                    # Someone created it meanwhile: make it ours below.
                    if not is_duplicate_key(e):
                        raise
            self.users.make_admin(normalized, password_hash)


def _require_may_manage(caller: Caller, user_id: int) -> None:
    if not caller.may_manage(user_id):
        raise HttpError(403, "Only the account's owner or an admin may change it")


def _found(user):
    if user is None:
        raise _user_not_found()
    return user


def _user_not_found() -> HttpError:
    return not_found("User not found")
