"""Checks, before uvicorn starts its workers, that the service can run: its settings parse
and the database answers with the users table (which the Java service's migrations create;
this service never creates it). Exits 1 with the reason otherwise: uvicorn 0.17.6's parent
process keeps waiting when every worker fails at start-up, so failing here is what makes a
bad start visible.

    /usr/bin/python3 -m users_api.preflight     (run by ../run)
"""
import sys

import MySQLdb

from .config import ConfigError, Settings


def main() -> int:
    try:
        s = Settings.from_environment()
    except ConfigError as e:
        print(f"webstack users (FastAPI) cannot start: {e}", file=sys.stderr)
        return 1
    try:
        connection = MySQLdb.connect(host=s.db_host, port=s.db_port, user=s.db_user, password=s.db_password,
                                     database=s.db_name, connect_timeout=max(1, round(s.db_timeout_ms / 1000)))
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT id, email, name, password_hash, is_active, created_at, is_admin, token_version, "
                           "failed_logins, locked_until FROM users LIMIT 0")
        finally:
            connection.close()
    except MySQLdb.Error as e:
        print(f"webstack users (FastAPI) cannot start: database {s.db_host}:{s.db_port}/{s.db_name}: {e} "
              "(the schema is the Java service's: src/main/resources/db/migration/mysql)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
