"""Every setting of the service, read once at start-up from the environment.

The names, defaults, bounds and error messages are those of the Java service's
``webstack.system.AppConfig`` (dotted key ``app.db.pool-size`` = variable ``APP_DB_POOL_SIZE``).
A value that does not parse stops the start-up with a message naming the setting.
"""
import base64
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple


class ConfigError(Exception):
    def __init__(self, key: str, value: str, expected: str):
        super().__init__(f"Invalid configuration: {key} ({env_name(key)}) is '{value}', expected {expected}")


def env_name(key: str) -> str:
    return key.upper().replace(".", "_").replace("-", "_")


@dataclass(frozen=True)
class Settings:
    db_host: str
    db_port: int
    db_name: str
    db_user: str
    db_password: str
    db_pool_size: int
    db_timeout_ms: int
    threads: int
    body_timeout_ms: int
    token_secret: bytes
    token_ttl_seconds: int
    bcrypt_cost: int
    bcrypt_concurrency: int
    bcrypt_wait_ms: int
    login_max_failures: int
    login_lock_seconds: int
    login_max_lock_seconds: int
    cors_origins: Tuple[str, ...]
    ws_origins: Tuple[str, ...]
    ws_max_message_bytes: int
    ws_idle_timeout_seconds: int
    ws_max_sessions: int
    admin_email: Optional[str]
    admin_password: Optional[str]

    @staticmethod
    def from_environment(env: Mapping[str, str] = os.environ) -> "Settings":
        r = _Reader(env)
        data_dir = Path(r.value("app.data-dir", "data")).absolute()
        token_secret = r.secret("app.token.secret", None)
        if token_secret is not None and len(token_secret) < 32:
            raise ConfigError("app.token.secret", f"(hidden, {len(token_secret)} characters)", "at least 32 characters")
        admin_email = r.value("app.admin.email", None)
        password_file = r.value("app.admin.password-file", None)
        if (admin_email is None) != (password_file is None):
            raise ConfigError("app.admin.password-file", password_file or "",
                              "set together with app.admin.email (APP_ADMIN_EMAIL), or neither")
        ws_origins = r.value("app.ws.origins", None)
        return Settings(
            db_host=r.value("app.db.host", "127.0.0.1"),
            db_port=r.int_value("app.db.port", 3306, 1, 65535),
            db_name=r.value("app.db.name", "webstack"),
            db_user=r.value("app.db.user", "webstack"),
            db_password=r.secret("app.db.password", ""),
            db_pool_size=r.int_value("app.db.pool-size", 16, 1, 500),
            db_timeout_ms=r.int_value("app.db.timeout-ms", 3000, 250, 600_000),
            threads=r.int_value("app.threads", 16, 1, 1000),
            body_timeout_ms=r.int_value("app.body.timeout-ms", 10_000, 100, 600_000),
            token_secret=(token_secret.encode("utf-8") if token_secret is not None
                          else _generated_secret(data_dir)),
            token_ttl_seconds=r.int_value("app.token.ttl-seconds", 3600, 1, 31_536_000),
            bcrypt_cost=r.int_value("app.bcrypt.cost", 10, 4, 16),
            bcrypt_concurrency=r.int_value("app.bcrypt.concurrency", max(1, os.cpu_count() or 1), 1, 256),
            bcrypt_wait_ms=r.int_value("app.bcrypt.wait-ms", 2000, 0, 60_000),
            login_max_failures=r.int_value("app.login.max-failures", 5, 1, 1000),
            login_lock_seconds=r.int_value("app.login.lock-seconds", 60, 1, 86_400),
            login_max_lock_seconds=r.int_value("app.login.max-lock-seconds", 900, 1, 86_400),
            cors_origins=_split(r.value("app.cors.origins", "*")),
            ws_origins=_split(ws_origins) if ws_origins is not None else (),
            ws_max_message_bytes=r.int_value("app.ws.max-message-bytes", 64 * 1024, 1, 16 << 20),
            ws_idle_timeout_seconds=r.int_value("app.ws.idle-timeout-seconds", 300, 1, 86_400),
            ws_max_sessions=r.int_value("app.ws.max-sessions", 1000, 1, 1_000_000),
            admin_email=admin_email,
            admin_password=(_secret_file("app.admin.password-file", Path(password_file))
                            if password_file is not None else None),
        )


def _split(value: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in value.split(","))


class _Reader:
    def __init__(self, env: Mapping[str, str]):
        self.env = env

    def raw(self, key: str, default: Optional[str]) -> Optional[str]:
        v = self.env.get(env_name(key))
        return default if v is None or v == "" else v

    def value(self, key: str, default: Optional[str]) -> Optional[str]:
        v = self.raw(key, None)
        return default if v is None or v.strip() == "" else v.strip()

    def int_value(self, key: str, default: int, low: int, high: int) -> int:
        v = self.value(key, None)
        if v is None:
            return default
        try:
            if "_" in v:  # Python reads 1_000; Java's Integer.parseInt does not
                raise ValueError(v)
            parsed = int(v, 10)
        except ValueError:
            raise ConfigError(key, v, "an integer") from None
        if not low <= parsed <= high:
            raise ConfigError(key, v, f"between {low} and {high}")
        return parsed

    def secret(self, key: str, default: Optional[str]) -> Optional[str]:
        """From ``<key>-file`` (APP_..._FILE, a file only its owner may read), else the setting itself."""
        file = self.value(key + "-file", None)
        if file is not None:
            if self.raw(key, None) is not None:
                raise ConfigError(key + "-file", file, f"either it or {env_name(key)}, not both")
            return _secret_file(key + "-file", Path(file))
        return self.raw(key, default)


def _secret_file(key: str, path: Path) -> str:
    """The first line of a file of mode 0600 or 0400; anything else stops the start-up."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(key, str(path), "a file only its owner may read (chmod 600)")
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise ConfigError(key, str(path), f"a readable file ({type(e).__name__})") from None
    if not lines or lines[0] == "":
        raise ConfigError(key, str(path), "a file holding the secret")
    return lines[0]


def _generated_secret(data_dir: Path) -> bytes:
    """As the Java service: 48 random bytes, base64, in ``<data dir>/token-secret`` (0600), made once.

    Several workers (or instances) may start at once: the first hard link wins, all read it.
    """
    file = data_dir / "token-secret"
    if not file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = data_dir / f"token-secret.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(base64.b64encode(secrets.token_bytes(48)).decode("ascii") + "\n")
            try:
                os.link(tmp, file)
            except FileExistsError:
                pass  # another process made it first: keep theirs
        finally:
            tmp.unlink(missing_ok=True)
    secret = base64.b64decode(file.read_text().strip())
    if len(secret) < 32:
        raise ConfigError("app.data-dir", str(data_dir), f"a {file.name} of at least 32 bytes of secret")
    return secret
