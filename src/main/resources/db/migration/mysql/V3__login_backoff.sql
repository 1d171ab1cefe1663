-- Failed logins back off per account: after APP_LOGIN_MAX_FAILURES failures in a row, logins
-- are refused (429) until locked_until, a wait that doubles with each further failure.
ALTER TABLE users ADD COLUMN failed_logins INT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until DATETIME(3) NULL;
