// Command gin-users is the Gin peer of the webstack user API: the 2025 article's users
// service (CONTEXT.md section 2) held to the Java service's contract, so that a benchmark of
// the two compares equal work. The Java service is the reference (README.md: Endpoints,
// Rules of the API, Who may do what, Configuration); this one answers the same status codes,
// JSON, messages and headers, on the same MariaDB tables (made by the Java service's Flyway
// migrations; this program creates none), with the same SQL per request, bcrypt cost and
// HS256 tokens, so a token issued by either is accepted by the other.
//
//	POST /users, GET /users, GET|PATCH|DELETE /users/{id}, POST /token, GET /health,
//	GET /json, and the WebSocket echo /ws/{client_id}
//
// Configuration is the Java service's environment variables (README.md next to this file).
// Build, offline from Debian's Go packages, from the repository root:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o target/peers/gin-users ./bench/peers/gin-users
//
// Start: APP_PORT=8084 APP_DB_NAME=webstack APP_TOKEN_SECRET=... target/peers/gin-users
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "gin-users takes no arguments: its settings are APP_* environment variables (see its README.md)")
		os.Exit(2)
	}
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		log.Fatalf("gin-users cannot start: %v", err)
	}
	a, err := newApp(cfg)
	if err != nil {
		log.Fatalf("gin-users cannot start: %v", err)
	}
	defer a.store.close()

	srv := &http.Server{
		Addr:    net.JoinHostPort(cfg.address, strconv.Itoa(cfg.port)),
		Handler: tomcatPaths(a.router()),
		// As the Java service's Tomcat connector: 20 s for a request's headers, keep-alive
		// connections closed after 65 s idle; its 16 KiB of request line and headers are checked
		// by tomcatPaths (Go refuses more than 64 KiB itself). Bodies have their own deadline.
		ReadHeaderTimeout: 20 * time.Second,
		MaxHeaderBytes:    64 * 1024,
		IdleTimeout:       65 * time.Second,
		ConnContext:       withConn,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("gin-users: listening on http://%s/ (GOMAXPROCS=%d, gin %s, database %s on %s:%d, pool %d)",
		srv.Addr, runtime.GOMAXPROCS(0), gin.Version, cfg.dbName, cfg.dbHost, cfg.dbPort, cfg.dbPoolSize)

	select {
	case err := <-errc:
		log.Fatalf("gin-users: %v", err)
	case <-ctx.Done():
	}
	stop()
	log.Printf("gin-users: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Printf("gin-users: shutdown: %v", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("gin-users: %v", err)
	}
}

// newApp builds the shared objects once: the database pool and its statements, the password
// hasher, the token service; and makes the operator's admin account.
func newApp(cfg *config) (*app, error) {
	st, err := openStore(cfg)
	if err != nil {
		return nil, err
	}
	hasher, err := newPasswordHasher(cfg.bcryptCost, cfg.bcryptConcurrency, cfg.bcryptWait)
	if err != nil {
		st.close()
		return nil, err
	}
	users := &userService{store: st, hasher: hasher, now: time.Now,
		backoff: loginBackoff{maxFailures: cfg.loginMaxFailures, firstLock: cfg.loginLock, maxLock: cfg.loginMaxLock}}
	if cfg.adminEmail != "" {
		if err := users.ensureAdmin(cfg.adminEmail, "Admin", cfg.adminPassword); err != nil {
			st.close()
			return nil, fmt.Errorf("cannot make the admin account %s: %w", cfg.adminEmail, err)
		}
	}
	return &app{
		cfg:    cfg,
		store:  st,
		users:  users,
		tokens: newTokenService(cfg.tokenSecret, cfg.tokenTTL, time.Now),
		cors:   newCorsPolicy(cfg.corsOrigins),
		echo:   newEchoEndpoint(cfg),
	}, nil
}
