package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// config is every setting, read once at start-up from the environment under the Java
// service's names (README.md, "Configuration"), with its defaults and bounds. A value that
// does not parse stops the start-up with a message naming the setting.
type config struct {
	address string
	port    int

	dbHost     string
	dbPort     int
	dbName     string
	dbUser     string
	dbPassword string
	dbPoolSize int
	// How long a request waits for one of the pool's connections before a 503.
	dbTimeout time.Duration

	tokenSecret []byte
	tokenTTL    time.Duration

	bcryptCost        int
	bcryptConcurrency int
	bcryptWait        time.Duration

	loginMaxFailures int
	loginLock        time.Duration
	loginMaxLock     time.Duration

	bodyTimeout time.Duration
	corsOrigins []string

	wsOrigins         []string
	wsMaxMessageBytes int
	wsIdleTimeout     time.Duration
	wsMaxSessions     int

	// The operator's admin account; empty email: none.
	adminEmail    string
	adminPassword string
}

// configError is a setting the service cannot run with, worded as the Java service's.
type configError struct {
	name, value, expected string
}

func (e *configError) Error() string {
	return fmt.Sprintf("Invalid configuration: %s is '%s', expected %s", e.name, e.value, e.expected)
}

// settings reads APP_* variables as the Java AppConfig does: an empty value is the default,
// a blank one too, and values are trimmed.
type settings struct {
	getenv func(string) string
	err    error
}

func (s *settings) raw(name string) string {
	return s.getenv(name)
}

func (s *settings) value(name, def string) string {
	v := strings.TrimSpace(s.raw(name))
	if v == "" {
		return def
	}
	return v
}

func (s *settings) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

func (s *settings) integer(name string, def, min, max int) int {
	v := s.value(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		s.fail(&configError{name, v, "an integer"})
		return def
	}
	if int(n) < min || int(n) > max {
		s.fail(&configError{name, v, fmt.Sprintf("between %d and %d", min, max)})
		return def
	}
	return int(n)
}

func (s *settings) millis(name string, def, min, max int) time.Duration {
	return time.Duration(s.integer(name, def, min, max)) * time.Millisecond
}

func (s *settings) seconds(name string, def, min, max int) time.Duration {
	return time.Duration(s.integer(name, def, min, max)) * time.Second
}

// list splits a comma-separated setting, as the Java service's "\\s*,\\s*".
func (s *settings) list(name, def string) []string {
	v := s.value(name, def)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for len(parts) > 0 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// secret is NAME_FILE (a file only its owner may read), else NAME itself (visible in the
// process environment: fine for development), else def.
func (s *settings) secret(name, def string) string {
	file := s.value(name+"_FILE", "")
	if file != "" {
		if s.raw(name) != "" {
			s.fail(&configError{name + "_FILE", file, "either it or " + name + ", not both"})
			return def
		}
		v, err := readSecretFile(name+"_FILE", file)
		if err != nil {
			s.fail(err)
			return def
		}
		return v
	}
	if v := s.raw(name); v != "" {
		return v
	}
	return def
}

// readSecretFile is the first line of a file that neither its group nor others may access
// (mode 0600 or 0400), so the secret is not in the environment, which others can often read.
func readSecretFile(name, path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &configError{name, path, "a readable file (" + errorKind(err) + ")"}
	}
	if info.Mode().Perm()&0o077 != 0 {
		return "", &configError{name, path, "a file only its owner may read (chmod 600)"}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", &configError{name, path, "a readable file (" + errorKind(err) + ")"}
	}
	line := string(data)
	if i := strings.IndexAny(line, "\r\n"); i >= 0 {
		line = line[:i]
	}
	if line == "" {
		return "", &configError{name, path, "a file holding the secret"}
	}
	return line, nil
}

func errorKind(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return "unreadable"
}

func loadConfig(getenv func(string) string) (*config, error) {
	s := &settings{getenv: getenv}
	c := &config{
		address:    s.value("APP_ADDRESS", "127.0.0.1"),
		port:       s.integer("APP_PORT", 8080, 1, 65535),
		dbHost:     s.value("APP_DB_HOST", "127.0.0.1"),
		dbPort:     s.integer("APP_DB_PORT", 3306, 1, 65535),
		dbName:     s.value("APP_DB_NAME", "webstack"),
		dbUser:     s.value("APP_DB_USER", "webstack"),
		dbPassword: s.secret("APP_DB_PASSWORD", ""),
		dbPoolSize: s.integer("APP_DB_POOL_SIZE", 16, 1, 500),
		dbTimeout:  s.millis("APP_DB_TIMEOUT_MS", 3_000, 250, 600_000),
		tokenTTL:   s.seconds("APP_TOKEN_TTL_SECONDS", 3_600, 1, 31_536_000),
		bcryptCost: s.integer("APP_BCRYPT_COST", 10, 4, 16),
		// Java's default is the cores the JVM sees; a Go process works on GOMAXPROCS of them.
		bcryptConcurrency: s.integer("APP_BCRYPT_CONCURRENCY", runtime.GOMAXPROCS(0), 1, 256),
		bcryptWait:        s.millis("APP_BCRYPT_WAIT_MS", 2_000, 0, 60_000),
		loginMaxFailures:  s.integer("APP_LOGIN_MAX_FAILURES", 5, 1, 1_000),
		loginLock:         s.seconds("APP_LOGIN_LOCK_SECONDS", 60, 1, 86_400),
		loginMaxLock:      s.seconds("APP_LOGIN_MAX_LOCK_SECONDS", 900, 1, 86_400),
		bodyTimeout:       s.millis("APP_BODY_TIMEOUT_MS", 10_000, 100, 600_000),
		corsOrigins:       s.list("APP_CORS_ORIGINS", "*"),
		wsOrigins:         s.list("APP_WS_ORIGINS", ""),
		wsMaxMessageBytes: s.integer("APP_WS_MAX_MESSAGE_BYTES", 64*1024, 1, 16<<20),
		wsIdleTimeout:     s.seconds("APP_WS_IDLE_TIMEOUT_SECONDS", 300, 1, 86_400),
		wsMaxSessions:     s.integer("APP_WS_MAX_SESSIONS", 1_000, 1, 1_000_000),
		adminEmail:        s.value("APP_ADMIN_EMAIL", ""),
	}
	if ip := net.ParseIP(c.address); ip == nil && c.address != "localhost" {
		s.fail(&configError{"APP_ADDRESS", c.address, "an IP address"})
	}

	secret := s.secret("APP_TOKEN_SECRET", "")
	if secret != "" {
		if n := len(utf16.Encode([]rune(secret))); n < 32 {
			s.fail(&configError{"APP_TOKEN_SECRET", fmt.Sprintf("(hidden, %d characters)", n), "at least 32 characters"})
		}
		c.tokenSecret = []byte(secret)
	}

	passwordFile := s.value("APP_ADMIN_PASSWORD_FILE", "")
	if (c.adminEmail == "") != (passwordFile == "") {
		s.fail(&configError{"APP_ADMIN_PASSWORD_FILE", passwordFile, "set together with APP_ADMIN_EMAIL, or neither"})
	} else if passwordFile != "" {
		password, err := readSecretFile("APP_ADMIN_PASSWORD_FILE", passwordFile)
		if err != nil {
			s.fail(err)
		} else if len(password) > maxPasswordBytes {
			// The Java service's bcrypt refuses it too, and fails to start.
			s.fail(&configError{"APP_ADMIN_PASSWORD_FILE", passwordFile, "a password of at most 72 bytes"})
		}
		c.adminPassword = password
	}

	if s.err == nil && c.tokenSecret == nil {
		// As the Java service: no configured secret, then one generated once into the data
		// directory, so that instances sharing the directory accept each other's tokens.
		secret, err := dataDirSecret(s.value("APP_DATA_DIR", "data"))
		if err != nil {
			s.fail(err)
		}
		c.tokenSecret = secret
	}
	return c, s.err
}

// dataDirSecret reads DIR/token-secret (base64, at least 32 bytes), creating it first when
// missing, as the Java service's TokenSecret does (same file, same format).
func dataDirSecret(dir string) ([]byte, error) {
	file := filepath.Join(dir, "token-secret")
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		if err := createSecret(file); err != nil {
			return nil, fmt.Errorf("cannot create the token secret %s: %v", file, err)
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("cannot read the token secret %s: %v", file, err)
	}
	secret, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("%s holds fewer than 32 bytes of secret", file)
	}
	return secret, nil
}

func createSecret(file string) error {
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return err
	}
	secret := make([]byte, 48)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "token-secret*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(secret) + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// Another instance may have created it meanwhile: the first one wins (a hard link fails
	// when the name exists, where a rename would silently replace it).
	if err := os.Link(tmp.Name(), file); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return nil
}
