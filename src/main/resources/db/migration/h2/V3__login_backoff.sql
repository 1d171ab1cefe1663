-- H2 twin of mysql/V3__login_backoff.sql.
ALTER TABLE users ADD COLUMN failed_logins INT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMP(3) NULL;
