-- Users of the API (H2 twin of mysql/V1__users.sql). The email is stored trimmed and
-- lowercased, so the unique key on it is the unique key on the normalized address.
CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    email         VARCHAR(254) NOT NULL,
    name          VARCHAR(100) NOT NULL,
    password_hash CHAR(60)     NOT NULL,
    is_active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT users_email_uk UNIQUE (email)
);
