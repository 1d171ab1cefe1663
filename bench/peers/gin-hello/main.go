// Command gin-hello is the Gin peer of the webstack benchmark: the same work as
// bench/peers/go-hello (the reference for behaviour and messages), on Gin.
//
//	GET /{word}/{n}  n lines "i: word\n" for i = 0..n-1 (n at most 10000, else 400;
//	                 a path of another shape is 404)
//	GET /json        {"message":"Hello, World!"}, rendered by c.JSON on every request
//	GET /health      {"status":"healthy"}
//
// Gin runs in release mode with no logger middleware (only Recovery), and with
// trailing-slash redirects off so that every path the Go peer answers 404 is
// answered 404 here too. GOMAXPROCS comes from the environment.
//
// Build (offline, Debian's golang-github-gin-gonic-gin-dev), from the repository root:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o target/peers/gin-hello ./bench/peers/gin-hello
//
// Start: target/peers/gin-hello -addr 127.0.0.1:8083
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

// maxCount is the largest n of /{word}/{n}, as in go-hello.
const maxCount = 10000

// route is the 2011 test's regular expression, compiled once.
var route = regexp.MustCompile(`^/([^/]+)/([0-9]+)$`)

type message struct {
	Message string `json:"message"`
}

type health struct {
	Status string `json:"status"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8083", "address to listen on, host:port")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "gin-hello: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = false
	r.GET("/json", func(c *gin.Context) {
		// Content-Type set first: Gin's JSON renderer keeps an existing one, so the
		// header equals go-hello's "application/json" (Gin's own adds "; charset=utf-8").
		c.Header("Content-Type", "application/json")
		c.JSON(http.StatusOK, message{Message: "Hello, World!"})
	})
	r.GET("/health", func(c *gin.Context) {
		c.Header("Content-Type", "application/json")
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, health{Status: "healthy"})
	})
	// Every other path goes to the benchmark page, which matches it with the regexp
	// (as go-hello does) instead of a Gin route pattern.
	r.NoRoute(hello)

	srv := &http.Server{
		Addr:              *addr,
		Handler:           r,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       65 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("gin-hello: listening on http://%s/ (GOMAXPROCS=%d, gin %s)", *addr, runtime.GOMAXPROCS(0), gin.Version)

	select {
	case err := <-errc:
		log.Fatalf("gin-hello: %v", err)
	case <-ctx.Done():
	}
	stop()
	log.Printf("gin-hello: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Printf("gin-hello: shutdown: %v", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("gin-hello: %v", err)
	}
}

// hello is the benchmark page: regexp, a for loop, one Fprintf per line.
func hello(c *gin.Context) {
	r := c.Request
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		c.Header("Allow", "GET, HEAD")
		textError(c, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed; allowed: GET, HEAD")
		return
	}
	m := route.FindStringSubmatch(r.URL.Path)
	if m == nil {
		textError(c, http.StatusNotFound, "Not found: "+r.URL.EscapedPath())
		return
	}
	word := m[1]
	n, ok := count(m[2])
	if !ok {
		textError(c, http.StatusBadRequest, fmt.Sprintf("count must be at most %d, got %s", maxCount, abbreviate(m[2])))
		return
	}
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "%d: %s\n", i, word)
	}
	c.Header("Content-Length", strconv.Itoa(buf.Len()))
	c.Data(http.StatusOK, "text/plain; charset=utf-8", buf.Bytes())
}

// count reads the digits as go-hello does: leading zeros do not count, and a run
// of digits too long for an int is over any cap (not an error).
func count(digits string) (int, bool) {
	significant := strings.TrimLeft(digits, "0")
	if significant == "" {
		return 0, true
	}
	if len(significant) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(significant)
	if err != nil || n > maxCount {
		return 0, false
	}
	return n, true
}

func abbreviate(digits string) string {
	if len(digits) <= 20 {
		return digits
	}
	return digits[:20] + "..."
}

// textError answers one plain-text line, like go-hello's textError.
func textError(c *gin.Context, status int, reason string) {
	body := reason + "\n"
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(status, "text/plain; charset=utf-8", []byte(body))
}
