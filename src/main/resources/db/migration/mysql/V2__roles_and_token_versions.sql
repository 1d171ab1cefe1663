-- Authorization and token revocation. An admin may act on every account (made by the
-- APP_ADMIN_EMAIL setting, never by a request). A token carries the token_version of its user
-- when it was issued; a password change or a deactivation increments it, which ends every
-- token issued before, on every instance.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN token_version INT NOT NULL DEFAULT 0;
