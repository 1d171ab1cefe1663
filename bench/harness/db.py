"""The MariaDB server of the machine (127.0.0.1:3306, root), for the rows that store data.
Every database made here is named webstack_bench_* and dropped when the run ends."""
import re
import subprocess

HOST, PORT = "127.0.0.1", 3306


class Database:
    def __init__(self):
        self.created = set()

    @staticmethod
    def connect():
        """A Database when MariaDB answers, else None (its rows are then shown as skipped)."""
        try:
            ok = subprocess.run(_cli("SELECT 1"), capture_output=True, timeout=15).returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        return Database() if ok else None

    def track(self, name):
        """A database something else creates (deploy/cluster): dropped with the others."""
        self.created.add(_checked(name))

    def create(self, name):
        self.drop(name)
        self._sql(f"CREATE DATABASE {_checked(name)} CHARACTER SET utf8mb4")
        self.created.add(name)
        return f"jdbc:mysql://{HOST}:{PORT}/{name}"

    def drop(self, name):
        """The database, and the user of the same name deploy/cluster may have made for it."""
        name = _checked(name)
        self._sql(f"DROP DATABASE IF EXISTS {name}; DROP USER IF EXISTS '{name}'@'127.0.0.1', '{name}'@'localhost'")
        self.created.discard(name)

    def drop_all(self):
        for name in list(self.created):
            self.drop(name)

    @staticmethod
    def app_env(url):
        return {"APP_DB_URL": url, "APP_DB_USER": "root", "APP_DB_PASSWORD": ""}

    @staticmethod
    def _sql(statement):
        subprocess.run(_cli(statement), capture_output=True, timeout=30, check=True)


def _cli(statement):
    return ["mariadb", "--protocol=TCP", "--connect-timeout=5", "-h", HOST, "-P", str(PORT), "-u", "root",
            "-e", statement]


def _checked(name):
    if not re.fullmatch(r"webstack_bench_[a-z0-9_]+", name):
        raise ValueError(f"not a bench database name: {name}")
    return name
