"""The users table through SQLAlchemy Core: the same statements as the Java service's
``UserMapper.xml``, one pool of connections per process.

The table is the one the Java service's Flyway migrations create (V1-V3); this service
never creates or alters it. The driver is mysqlclient (``MySQLdb``, C): see the README.
"""
import time
from contextlib import contextmanager
from datetime import datetime
from typing import List, Optional

import MySQLdb
import MySQLdb.connections
from sqlalchemy import (BigInteger, Boolean, Column, DateTime, Integer, MetaData, String, Table, bindparam,
                        create_engine, delete, event, exc, insert, select, true, update)
from sqlalchemy.engine import Row

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False),
    Column("name", String(100), nullable=False),
    Column("password_hash", String(60), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),  # DATETIME(6), UTC
    Column("is_admin", Boolean, nullable=False),
    Column("token_version", Integer, nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", DateTime),                 # DATETIME(3), UTC; null: not locked
)

# A MariaDB error that means the database could not be reached or did not answer in time
# (the Java service's Errors.isDatabaseUnavailable: SQLSTATE 08, timeouts): answer 503.
_UNAVAILABLE = {1040, 1053, 1205, 2002, 2003, 2005, 2006, 2012, 2013, 2026, 2055, 3024}
DUPLICATE_KEY = 1062


class Unavailable(Exception):
    """The database cannot be reached now."""


class _Connection(MySQLdb.connections.Connection):
    """A mysqlclient connection in autocommit mode that sends COMMIT or ROLLBACK only inside a
    transaction begun with ``begin()``. SQLAlchemy ends every use of a connection with one of
    them ("DBAPI should ignore due to autocommit mode", its log says) but the driver sends
    them anyway: one more round trip per request than the Java service makes."""

    in_transaction = False

    def literal(self, o):
        # Text that is not valid Unicode (a lone surrogate, which JSON can carry) is stored
        # with '?' in its place, as Connector/J stores it for the Java service.
        if isinstance(o, str):
            return self.string_literal(o.encode(self.encoding, "replace"))
        return super().literal(o)

    def begin(self):
        self.query(b"BEGIN")
        self.in_transaction = True

    def commit(self):
        if self.in_transaction:
            self.in_transaction = False
            super().commit()

    def rollback(self):
        if self.in_transaction:
            self.in_transaction = False
            super().rollback()


def create_pool_engine(settings):
    """-> (engine, connect): the pool, and how it opens a connection."""
    """The connection pool: ``APP_DB_POOL_SIZE`` connections at most (no overflow), a request
    waits ``APP_DB_TIMEOUT_MS`` for one, then 503. As HikariCP does for the Java service, a
    connection idle for more than 500 ms is pinged before use, so a restarted database costs
    no failed request."""
    timeout = settings.db_timeout_ms / 1000

    def connect():
        return _Connection(host=settings.db_host, port=settings.db_port, user=settings.db_user,
                           password=settings.db_password, database=settings.db_name,
                           charset="utf8mb4", autocommit=True,
                           connect_timeout=max(1, round(timeout)), read_timeout=15, write_timeout=15)

    engine = create_engine(
        "mysql+mysqldb://", creator=connect, future=True,
        pool_size=settings.db_pool_size, max_overflow=0, pool_timeout=timeout,
        pool_use_lifo=True,            # the connection used last: warm, and pinged less
        pool_reset_on_return=None,     # autocommit: nothing to roll back
        isolation_level="AUTOCOMMIT",
        hide_parameters=True)          # never a password hash in a log line

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record):
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check_idle(dbapi_connection, record, proxy):
        returned = record.info.get("returned")
        if returned is not None and time.monotonic() - returned > 0.5:
            try:
                dbapi_connection.ping()
            except MySQLdb.Error:
                raise exc.DisconnectionError() from None  # the pool opens a new one
    return engine, connect


def is_unavailable(error: BaseException) -> bool:
    if isinstance(error, exc.TimeoutError):  # no connection free within the pool timeout
        return True
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        orig = error.orig
        if isinstance(orig, MySQLdb.OperationalError) and orig.args and orig.args[0] in _UNAVAILABLE:
            return True
    return False


def is_duplicate_key(error: BaseException) -> bool:
    return (isinstance(error, exc.IntegrityError) and bool(error.orig.args)
            and error.orig.args[0] == DUPLICATE_KEY)


class UserRepository:
    """SQL for ``users``; each method one connection from the pool, one statement (or one
    transaction where it says so)."""

    def __init__(self, engine, connect):
        self.engine = engine
        self._connect = connect
        self._find_by_id = select(users).where(users.c.id == bindparam("id"))
        self._find_by_email = select(users).where(users.c.email == bindparam("email"))
        self._list = select(users).order_by(users.c.id).limit(bindparam("limit")).offset(bindparam("skip"))
        self._delete = delete(users).where(users.c.id == bindparam("id"))
        # (Bound names in UPDATEs must not be column names: SQLAlchemy keeps those for SET.)
        self._record_failed = (update(users).where(users.c.id == bindparam("user_id"))
                               .values(failed_logins=users.c.failed_logins + 1, locked_until=bindparam("until")))
        self._clear_failed = (update(users).where(users.c.id == bindparam("user_id"), users.c.failed_logins != 0)
                              .values(failed_logins=0, locked_until=None))
        self._make_admin = (update(users).where(users.c.email == bindparam("user_email"))
                            .values(is_admin=true(), is_active=true(), password_hash=bindparam("new_hash"),
                                    token_version=users.c.token_version + 1, failed_logins=0, locked_until=None))

    @contextmanager
    def _connection(self):
        try:
            with self.engine.connect() as conn:
                yield conn
        except (exc.DBAPIError, exc.TimeoutError) as e:
            if is_unavailable(e):
                raise Unavailable() from e
            raise

    def insert(self, email: str, name: str, password_hash: str, created_at: datetime, admin: bool = False) -> int:
        """Inserts and returns the generated id; a duplicate email raises IntegrityError."""
        with self._connection() as conn:
            result = conn.execute(insert(users).values(
                email=email, name=name, password_hash=password_hash, is_active=True, is_admin=admin,
                created_at=created_at))
            return result.inserted_primary_key[0]

    def find_by_id(self, user_id: int) -> Optional[Row]:
        with self._connection() as conn:
            return conn.execute(self._find_by_id, {"id": user_id}).first()

    def find_by_email(self, email: str) -> Optional[Row]:
        with self._connection() as conn:
            return conn.execute(self._find_by_email, {"email": email}).first()

    def list(self, skip: int, limit: int) -> List[Row]:
        with self._connection() as conn:
            return conn.execute(self._list, {"skip": skip, "limit": limit}).all()

    def update_and_get(self, user_id: int, name: Optional[str], active: Optional[bool],
                       password_hash: Optional[str]) -> Optional[Row]:
        """In one transaction: sets name, active and/or the password hash where given (a new
        password or a deactivation also increments token_version, ending older tokens), then
        reads the user back. Nothing given: only the read."""
        values = {}
        if name is not None:
            values["name"] = name
        if active is not None:
            values["is_active"] = active
        if password_hash is not None:
            values["password_hash"] = password_hash
        if password_hash is not None or active is False:
            values["token_version"] = users.c.token_version + 1
        with self._connection() as conn:
            if not values:
                return conn.execute(self._find_by_id, {"id": user_id}).first()
            conn.connection.dbapi_connection.begin()
            conn.execute(update(users).where(users.c.id == bindparam("user_id")).values(**values), {"user_id": user_id})
            user = conn.execute(self._find_by_id, {"id": user_id}).first()
            conn.commit()
            return user

    def make_admin(self, email: str, password_hash: str) -> int:
        with self._connection() as conn:
            return conn.execute(self._make_admin, {"user_email": email, "new_hash": password_hash}).rowcount

    def delete(self, user_id: int) -> int:
        with self._connection() as conn:
            return conn.execute(self._delete, {"id": user_id}).rowcount

    def record_failed_login(self, user_id: int, locked_until: Optional[datetime]) -> None:
        with self._connection() as conn:
            conn.execute(self._record_failed, {"user_id": user_id, "until": locked_until})

    def clear_failed_logins(self, user_id: int) -> None:
        with self._connection() as conn:
            conn.execute(self._clear_failed, {"user_id": user_id})

    @contextmanager
    def lock(self, name: str, timeout_seconds: int):
        """A MariaDB named lock (GET_LOCK) held, on a connection of its own, while the block runs."""
        conn = self._connect()
        try:
            cursor = conn.cursor()
            cursor.execute("SELECT GET_LOCK(%s, %s)", (name, timeout_seconds))
            cursor.fetchall()
            yield
        finally:
            conn.close()  # and with it the lock

    def ping(self) -> bool:
        """Whether the database answers now: a connection from the pool, and a ping on it."""
        try:
            with self.engine.connect() as conn:
                conn.connection.dbapi_connection.ping()
            return True
        except Exception:
            return False

