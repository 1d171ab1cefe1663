// Command go-hello is the Go reference peer of the webstack benchmark: the 2011
// "Benchmarking Go and Python Web servers" test application on plain net/http,
// doing the same work as the Java page so that bench/run can measure both in
// one run.
//
//	GET /{word}/{n}  n lines "i: word\n" for i = 0..n-1 (n at most 10000, else 400;
//	                 a path of another shape is 404)
//	GET /json        {"message":"Hello, World!"}, marshalled on every request
//	GET /health      {"status":"healthy"}
//
// Standard library only. GOMAXPROCS comes from the environment (the runtime's
// default); nothing here tunes it. SIGINT or SIGTERM shuts the server down.
//
// Build: cd bench/peers/go-hello && go build -o ../../../target/peers/go-hello .
package main

import (
	"bytes"
	"context"
	"encoding/json"
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
)

// maxCount is the largest n of /{word}/{n}, as APP_HELLO_MAX_COUNT on the Java side.
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
	addr := flag.String("addr", "127.0.0.1:8082", "address to listen on, host:port")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "go-hello: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}

	srv := &http.Server{
		Addr:              *addr,
		Handler:           http.HandlerFunc(serve),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       65 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("go-hello: listening on http://%s/ (GOMAXPROCS=%d)", *addr, runtime.GOMAXPROCS(0))

	select {
	case err := <-errc:
		log.Fatalf("go-hello: %v", err)
	case <-ctx.Done():
	}
	stop()
	log.Printf("go-hello: shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Printf("go-hello: shutdown: %v", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Printf("go-hello: %v", err)
	}
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		textError(w, http.StatusMethodNotAllowed, "Method "+r.Method+" not allowed; allowed: GET, HEAD")
		return
	}
	switch r.URL.Path {
	case "/json":
		serveJSON(w, message{Message: "Hello, World!"}, false)
	case "/health":
		serveJSON(w, health{Status: "healthy"}, true)
	default:
		serveHello(w, r)
	}
}

// serveHello is the benchmark page: regexp, a for loop, one Fprintf per line.
func serveHello(w http.ResponseWriter, r *http.Request) {
	m := route.FindStringSubmatch(r.URL.Path)
	if m == nil {
		textError(w, http.StatusNotFound, "Not found: "+r.URL.EscapedPath())
		return
	}
	word := m[1]
	n, ok := count(m[2])
	if !ok {
		textError(w, http.StatusBadRequest, fmt.Sprintf("count must be at most %d, got %s", maxCount, abbreviate(m[2])))
		return
	}
	var buf bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "%d: %s\n", i, word)
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// count reads the digits of the path as the Java side does: leading zeros do not
// count, and a run of digits too long for an int is over any cap (not an error).
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

func serveJSON(w http.ResponseWriter, v interface{}, noStore bool) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if noStore {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// textError answers one plain-text line, like the Java side's PlainText.error.
func textError(w http.ResponseWriter, status int, reason string) {
	body := reason + "\n"
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write([]byte(body))
}
