-- H2 twin of mysql/V2__roles_and_token_versions.sql.
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN token_version INT NOT NULL DEFAULT 0;
