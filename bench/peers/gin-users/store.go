package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// The repository of the users table, which the Java service's Flyway migrations create
// (src/main/resources/db/migration/mysql): the same statements as its MyBatis mapper
// (src/main/resources/webstack/user/UserMapper.xml), prepared once and kept on each pooled
// connection, as Connector/J's server-side statement cache keeps them for the Java service.

const userColumns = "id, email, name, password_hash, is_active AS active, is_admin AS admin, token_version, created_at, failed_logins, locked_until"

const (
	sqlInsert      = "INSERT INTO users (email, name, password_hash, is_active, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?)"
	sqlFindByID    = "SELECT " + userColumns + " FROM users WHERE id = ?"
	sqlFindByEmail = "SELECT " + userColumns + " FROM users WHERE email = ?"
	sqlList        = "SELECT " + userColumns + " FROM users ORDER BY id LIMIT ? OFFSET ?"
	sqlMakeAdmin   = "UPDATE users SET is_admin = TRUE, is_active = TRUE, password_hash = ?, token_version = token_version + 1, " +
		"failed_logins = 0, locked_until = NULL WHERE email = ?"
	sqlRecordFailedLogin = "UPDATE users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?"
	sqlClearFailedLogins = "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND failed_logins <> 0"
	sqlDelete            = "DELETE FROM users WHERE id = ?"
)

// user is a row of users. Times are UTC.
type user struct {
	id           int64
	email        string
	name         string
	passwordHash string
	active       bool
	admin        bool
	// Tokens carry it; a password change or a deactivation increments it, ending older tokens.
	tokenVersion int32
	createdAt    time.Time
	failedLogins int
	lockedUntil  sql.NullTime
}

// errPoolTimeout: no connection of the pool came free within APP_DB_TIMEOUT_MS.
var errPoolTimeout = errors.New("no database connection free within the timeout")

// stmtTimeout bounds one statement, as MyBatis's default statement timeout (15 s) there.
const stmtTimeout = 15 * time.Second

type store struct {
	db *sql.DB
	// One token per connection of the pool: a unit of work holds one for its duration, as a
	// MyBatis session holds a HikariCP connection, and waits at most wait for it.
	sessions chan struct{}
	wait     time.Duration
	stmts    map[string]*sql.Stmt
}

func openStore(cfg *config) (*store, error) {
	dsn := mysql.NewConfig()
	dsn.User = cfg.dbUser
	dsn.Passwd = cfg.dbPassword
	dsn.Net = "tcp"
	dsn.Addr = net.JoinHostPort(cfg.dbHost, strconv.Itoa(cfg.dbPort))
	dsn.DBName = cfg.dbName
	dsn.ParseTime = true
	dsn.Loc = time.UTC
	// Bounded network waits: a database that went away answers 503, never a hang.
	dsn.Timeout = cfg.dbTimeout
	dsn.ReadTimeout = stmtTimeout
	dsn.WriteTimeout = stmtTimeout
	dsn.Params = map[string]string{"charset": "utf8mb4"}
	db, err := sql.Open("mysql", dsn.FormatDSN())
	if err != nil {
		return nil, err
	}
	// A fixed-size pool, as HikariCP's there (maximum = minimum idle = APP_DB_POOL_SIZE,
	// connections renewed after 30 minutes).
	db.SetMaxOpenConns(cfg.dbPoolSize)
	db.SetMaxIdleConns(cfg.dbPoolSize)
	db.SetConnMaxLifetime(30 * time.Minute)
	s := &store{db: db, sessions: make(chan struct{}, cfg.dbPoolSize), wait: cfg.dbTimeout, stmts: map[string]*sql.Stmt{}}
	statements := []string{sqlInsert, sqlFindByID, sqlFindByEmail, sqlList, sqlMakeAdmin, sqlRecordFailedLogin,
		sqlClearFailedLogins, sqlDelete}
	for _, name := range []bool{false, true} {
		for _, active := range []*bool{nil, ptr(false), ptr(true)} {
			for _, password := range []bool{false, true} {
				if name || active != nil || password {
					statements = append(statements, updateSQL(name, active, password))
				}
			}
		}
	}
	// Preparing them checks the schema too: a missing table or column stops the start-up here.
	ctx, cancel := context.WithTimeout(context.Background(), cfg.dbTimeout+stmtTimeout)
	defer cancel()
	for _, query := range statements {
		stmt, err := db.PrepareContext(ctx, query)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("cannot prepare %q (are the Java service's migrations applied to %s?): %w", query, cfg.dbName, err)
		}
		s.stmts[query] = stmt
	}
	return s, nil
}

// stored is a time as the Java service stores it: to the millisecond, so the answer to a
// registration and a later read agree.
func stored(t time.Time) time.Time {
	return t.Truncate(time.Millisecond)
}

func ptr[T any](v T) *T { return &v }

// updateSQL is the mapper's dynamic update: the given columns, and a new token version when
// the password changes or the user is deactivated.
func updateSQL(name bool, active *bool, password bool) string {
	var set []string
	if name {
		set = append(set, "name = ?")
	}
	if active != nil {
		set = append(set, "is_active = ?")
	}
	if password {
		set = append(set, "password_hash = ?")
	}
	if password || (active != nil && !*active) {
		set = append(set, "token_version = token_version + 1")
	}
	return "UPDATE users SET " + strings.Join(set, ", ") + " WHERE id = ?"
}

func (s *store) close() error { return s.db.Close() }

// session runs work while holding one of the pool's connections' places: it waits at most
// APP_DB_TIMEOUT_MS for one (then errPoolTimeout, a 503), as HikariCP's connection timeout.
func (s *store) session(work func(ctx context.Context) error) error {
	timer := time.NewTimer(s.wait)
	select {
	case s.sessions <- struct{}{}:
		timer.Stop()
	case <-timer.C:
		return errPoolTimeout
	}
	defer func() { <-s.sessions }()
	// Not the request's context: a client that goes away does not cut a write in half.
	ctx, cancel := context.WithTimeout(context.Background(), s.wait+stmtTimeout)
	defer cancel()
	return work(ctx)
}

type rowScanner interface {
	Scan(dest ...any) error
}

func scanUser(row rowScanner) (*user, error) {
	u := &user{}
	err := row.Scan(&u.id, &u.email, &u.name, &u.passwordHash, &u.active, &u.admin, &u.tokenVersion, &u.createdAt,
		&u.failedLogins, &u.lockedUntil)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return u, nil
}

// insert adds u and sets its generated id; a taken email is errDuplicateEmail.
func (s *store) insert(ctx context.Context, u *user) error {
	result, err := s.stmts[sqlInsert].ExecContext(ctx, u.email, u.name, u.passwordHash, u.active, u.admin, stored(u.createdAt))
	if err != nil {
		if isDuplicateKey(err) {
			return errDuplicateEmail
		}
		return err
	}
	u.id, err = result.LastInsertId()
	return err
}

var errDuplicateEmail = errors.New("email already registered")

// isDuplicateKey: the unique key (or another integrity constraint, SQLSTATE 23000) refused it.
func isDuplicateKey(err error) bool {
	var server *mysql.MySQLError
	if !errors.As(err, &server) {
		return false
	}
	switch server.Number {
	case 1022, 1048, 1052, 1062, 1169, 1216, 1217, 1451, 1452, 1557, 1586, 1761, 1762, 1859:
		return true
	}
	return false
}

func (s *store) findByID(ctx context.Context, id int64) (*user, error) {
	return scanUser(s.stmts[sqlFindByID].QueryRowContext(ctx, id))
}

func (s *store) findByEmail(ctx context.Context, email string) (*user, error) {
	return scanUser(s.stmts[sqlFindByEmail].QueryRowContext(ctx, email))
}

func (s *store) list(ctx context.Context, skip, limit int) ([]*user, error) {
	rows, err := s.stmts[sqlList].QueryContext(ctx, limit, skip)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	users := make([]*user, 0, limit)
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// updateAndRead applies a patch and reads the user back, in one transaction (nil: no such
// user, nothing changed).
func (s *store) updateAndRead(ctx context.Context, id int64, p userPatch, passwordHash *string) (*user, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	if !p.isEmpty() {
		query := updateSQL(p.name != nil, p.active, passwordHash != nil)
		var args []any
		if p.name != nil {
			args = append(args, *p.name)
		}
		if p.active != nil {
			args = append(args, *p.active)
		}
		if passwordHash != nil {
			args = append(args, *passwordHash)
		}
		if _, err := tx.StmtContext(ctx, s.stmts[query]).ExecContext(ctx, append(args, id)...); err != nil {
			return nil, err
		}
	}
	u, err := scanUser(tx.StmtContext(ctx, s.stmts[sqlFindByID]).QueryRowContext(ctx, id))
	if err != nil || u == nil {
		return nil, err
	}
	return u, tx.Commit()
}

func (s *store) makeAdmin(ctx context.Context, email, passwordHash string) error {
	_, err := s.stmts[sqlMakeAdmin].ExecContext(ctx, passwordHash, email)
	return err
}

// recordFailedLogin counts one more failed login; lockedUntil (null: none) refuses logins until then.
func (s *store) recordFailedLogin(ctx context.Context, id int64, lockedUntil sql.NullTime) error {
	if lockedUntil.Valid {
		lockedUntil.Time = stored(lockedUntil.Time)
	}
	_, err := s.stmts[sqlRecordFailedLogin].ExecContext(ctx, lockedUntil, id)
	return err
}

func (s *store) clearFailedLogins(ctx context.Context, id int64) error {
	_, err := s.stmts[sqlClearFailedLogins].ExecContext(ctx, id)
	return err
}

// delete removes a user; false when there was none.
func (s *store) delete(ctx context.Context, id int64) (bool, error) {
	result, err := s.stmts[sqlDelete].ExecContext(ctx, id)
	if err != nil {
		return false, err
	}
	n, err := result.RowsAffected()
	return n > 0, err
}

// ping tells whether the database answers now, as the Java service's /health asks
// (a pooled connection, then a ping of at most 2 s).
func (s *store) ping() bool {
	return s.session(func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		return s.db.PingContext(ctx)
	}) == nil
}
