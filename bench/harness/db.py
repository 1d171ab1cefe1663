"""The MariaDB server of the machine (127.0.0.1:3306, root), for the rows that store data, or
another server the harness started (a Galera cluster's writer node, bench/harness/galera.py:
its own port, an account of its own). Every database made here is named webstack_bench_* and
dropped when the run ends (or with the server that held it)."""
import glob
import os
import re
import subprocess
import time

HOST, PORT = "127.0.0.1", 3306


class Database:
    HOST, PORT = HOST, PORT

    # Every user-API server of a table holds a pool (16 connections, per worker for FastAPI),
    # all of them at once: more than MariaDB's default of 151 connections.
    CONNECTIONS = 1000

    def __init__(self, host=HOST, port=PORT, user="root", password="", tag=None):
        self.created = set()
        self.HOST, self.PORT, self.user, self.password = host, port, user, password
        # The run's own names: two runs at once (two checkouts) never share a database.
        self.tag = tag or format((os.getpid() * 7919 + int(time.time())) % 36 ** 4, "04x")[-4:]
        self.max_connections = None  # MariaDB's own setting, to restore at the end

    @staticmethod
    def connect():
        """A Database when MariaDB answers, else None (its rows are then shown as skipped)."""
        try:
            ok = subprocess.run(_cli("SELECT 1", None, HOST, PORT, "root"), capture_output=True, timeout=15).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        return Database() if ok else None

    def name(self, what):
        """The run's database (and deploy/cluster's user) for what: webstack_bench_<tag>_<what>."""
        return _checked(f"webstack_bench_{self.tag}_{what}")

    def track(self, name):
        """A database something else creates (deploy/cluster): dropped with the others."""
        self.created.add(_checked(name))

    def create(self, name):
        self.drop(name)
        self._sql(f"CREATE DATABASE {_checked(name)} CHARACTER SET utf8mb4")
        self.created.add(name)
        return f"jdbc:mysql://{self.HOST}:{self.PORT}/{name}"

    def drop(self, name):
        """The database, and the user of the same name deploy/cluster may have made for it."""
        name = _checked(name)
        self._sql(f"DROP DATABASE IF EXISTS {name}; DROP USER IF EXISTS '{name}'@'127.0.0.1', '{name}'@'localhost'")
        self.created.discard(name)

    def drop_all(self):
        for name in list(self.created):
            self.drop(name)

    def reserve_connections(self):
        """Raises MariaDB's max_connections to CONNECTIONS for the run, if it is lower."""
        current = int(self._query("SELECT @@GLOBAL.max_connections")[0])
        if current < self.CONNECTIONS:
            self._sql(f"SET GLOBAL max_connections = {self.CONNECTIONS}")
            self.max_connections = current

    def restore_connections(self):
        if self.max_connections is not None:
            self._sql(f"SET GLOBAL max_connections = {int(self.max_connections)}")
            self.max_connections = None

    def migrate(self, name, directory):
        """The Java service's Flyway migrations V1, V2... run in order with the mariadb client:
        the schema the peers share, made without starting a JVM (Flyway's own history table
        is the one thing left out; the peers do not read it)."""
        def version(path):
            return int(re.match(r"V(\d+)__", os.path.basename(path)).group(1))
        for path in sorted(glob.glob(os.path.join(directory, "V*__*.sql")), key=version):
            with open(path, "rb") as f:
                _mariadb(self._cli(None, _checked(name)), input=f.read(), env=self._env(), what=f"mariadb, {os.path.basename(path)}")

    def seed_users(self, name, count, password_hash):
        """count users with ids 1..count, emails seed-<id>@example.com, one bcrypt hash for all,
        in one INSERT ... SELECT (seconds, where count POSTs would take minutes of bcrypt)."""
        self._sql("SET SESSION max_recursive_iterations = 1000000;"
                  "INSERT INTO users (id, email, name, password_hash, is_active, created_at) "
                  "WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) "
                  "SELECT n, CONCAT('seed-', n, '@example.com'), CONCAT('Seed user ', n), '%s', TRUE, "
                  "TIMESTAMP '2025-01-01 00:00:00' + INTERVAL n SECOND + INTERVAL (n MOD 1000) * 1000 MICROSECOND "
                  "FROM seq" % (int(count), _checked_hash(password_hash)), _checked(name))

    def count_users(self, name):
        out = self._query("SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM users", _checked(name))
        return tuple(int(x) for x in out)

    def auto_increment(self):
        """(auto_increment_increment, auto_increment_offset) of a new connection: (1, 1) on a
        single server; on a Galera node wsrep_auto_increment_control sets them to the cluster's
        size and the node's place in it, so that nodes written at once never pick the same id."""
        increment, offset = self._query("SELECT @@auto_increment_increment, @@auto_increment_offset")
        return int(increment), int(offset)

    def _query(self, statement, database=None):
        """The statement's result, its values in order (no column names)."""
        return _mariadb(self._cli(statement, database) + ["-N", "-B"], timeout=30, env=self._env()).decode().split()

    def app_env(self, url):
        return {"APP_DB_URL": url, "APP_DB_USER": self.user, "APP_DB_PASSWORD": self.password}

    def _sql(self, statement, database=None):
        _mariadb(self._cli(statement, database), env=self._env())

    def _cli(self, statement, database=None):
        return _cli(statement, database, self.HOST, self.PORT, self.user)

    def _env(self):
        # The password in the client's environment, never on its command line (ps shows that).
        return dict(os.environ, MYSQL_PWD=self.password) if self.password else None


def next_id(largest, increment, offset):
    """The id MariaDB gives the next row of a table whose largest id is largest, with these
    auto_increment settings: the first of offset, offset + increment, ... above largest."""
    if offset > increment:  # MariaDB ignores such an offset
        offset = 1
    if largest < offset:
        return offset
    return offset + ((largest - offset) // increment + 1) * increment


def _mariadb(argv, input=None, timeout=60, what="mariadb", env=None):
    """The client's output; OSError with the end of what it said when it fails."""
    done = subprocess.run(argv, input=input, capture_output=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise OSError(f"{what}: " + done.stderr.decode("utf-8", "replace").strip()[-300:])
    return done.stdout


def _cli(statement, database=None, host=HOST, port=PORT, user="root"):
    argv = ["mariadb", "--protocol=TCP", "--connect-timeout=5", "-h", host, "-P", str(port), "-u", user]
    if database:
        argv.append("--database=" + database)
    return argv + (["-e", statement] if statement else [])


def _checked_hash(value):
    if not re.fullmatch(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}", value):
        raise ValueError("not a bcrypt hash")
    return value


def _checked(name):
    if not re.fullmatch(r"webstack_bench_[a-z0-9_]+", name):
        raise ValueError(f"not a bench database name: {name}")
    return name
