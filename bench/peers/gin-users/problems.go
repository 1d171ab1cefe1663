package main

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/go-sql-driver/mysql"
)

// httpError is an error answered on purpose: a status, a detail written for the client (never
// internals), the fields that failed validation and any headers the status needs. fail writes
// it as an RFC 9457 problem, as the Java service's HttpError and Errors do.
type httpError struct {
	status  int
	detail  string
	errors  []fieldError
	headers map[string]string
}

type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *httpError) Error() string { return e.detail }

func newError(status int, detail string) *httpError {
	return &httpError{status: status, detail: detail}
}

func badRequest(detail string) *httpError { return newError(http.StatusBadRequest, detail) }

func notFound(detail string) *httpError { return newError(http.StatusNotFound, detail) }

// unauthorized is a 401 with its WWW-Authenticate challenge.
func unauthorized(detail string) *httpError {
	return &httpError{status: http.StatusUnauthorized, detail: detail, headers: map[string]string{"WWW-Authenticate": "Bearer"}}
}

// methodNotAllowed names the methods that are allowed, in Allow too.
func methodNotAllowed(method string, allowed []string) *httpError {
	allow := strings.Join(allowed, ", ")
	return &httpError{status: http.StatusMethodNotAllowed, detail: "Method " + method + " not allowed here; allowed: " + allow,
		headers: map[string]string{"Allow": allow}}
}

func unsupportedMediaType(expected string) *httpError {
	return newError(http.StatusUnsupportedMediaType, "Content-Type must be "+expected)
}

// invalid is a 422 naming every field that failed (sorted by field, then message).
func invalid(errs []fieldError) *httpError {
	return &httpError{status: http.StatusUnprocessableEntity,
		detail: "Invalid request: " + strconv.Itoa(len(errs)) + " field(s) failed validation", errors: errs}
}

const (
	databaseUnavailable = "Database unavailable, try again shortly"
	malformedParameters = "Malformed query string or too many parameters"
	problemContentType  = "application/problem+json"
	jsonContentType     = "application/json"
)

// errClientGone: the client stopped sending its request; nobody is left to answer.
var errClientGone = errors.New("client went away")

type problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Detail string       `json:"detail,omitempty"`
	Errors []fieldError `json:"errors,omitempty"`
}

// title is the problem's title for a status, the Java service's words.
func title(status int) string {
	switch status {
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 408:
		return "Request Timeout"
	case 409:
		return "Conflict"
	case 413:
		return "Content Too Large"
	case 414:
		return "URI Too Long"
	case 415:
		return "Unsupported Media Type"
	case 422:
		return "Unprocessable Content"
	case 426:
		return "Upgrade Required"
	case 429:
		return "Too Many Requests"
	case 431:
		return "Request Header Fields Too Large"
	case 503:
		return "Service Unavailable"
	}
	if status >= 500 {
		return "Internal Server Error"
	}
	return "Error"
}

// fail is the one place where errors become answers: an httpError as it says, a database
// that cannot be reached as a 503 the client may retry, anything else as a 500 without
// internals, logged once. It stops the handler chain.
func fail(c *gin.Context, err error) {
	c.Abort()
	var answer *httpError
	switch {
	case errors.As(err, &answer):
	case errors.Is(err, errClientGone):
		return
	case isDatabaseUnavailable(err):
		log.Printf("WARNING: Database unavailable: %s %s: %v", c.Request.Method, c.Request.URL.Path, err)
		answer = newError(http.StatusServiceUnavailable, databaseUnavailable)
	default:
		log.Printf("SEVERE: Unexpected error on %s %s: %v", c.Request.Method, c.Request.URL.Path, err)
		answer = newError(http.StatusInternalServerError, "Internal error")
	}
	writeProblem(c, answer)
}

func writeProblem(c *gin.Context, e *httpError) {
	// Part of the answer has left already: nothing else can be said to this client.
	if c.Writer.Written() {
		return
	}
	for name, value := range e.headers {
		c.Header(name, value)
	}
	writeBytes(c, e.status, problemContentType,
		marshal(problem{Type: "about:blank", Title: title(e.status), Status: e.status, Detail: e.detail, Errors: e.errors}))
}

// writeJSON answers v as JSON, the same bytes as Jackson writes for the Java service.
func writeJSON(c *gin.Context, status int, v any) {
	writeBytes(c, status, jsonContentType, marshal(v))
}

func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // Jackson leaves '<', '>' and '&' as they are
	if err := enc.Encode(v); err != nil {
		panic(err) // only our own types are written
	}
	return jacksonEscapes(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// jacksonEscapes rewrites encoding/json's escapes in strings as Jackson writes them: \b and \f
// short, other control characters as \u00XX in upper case, U+2028 and U+2029 as they are, and
// characters beyond the BMP as a pair of \uXXXX surrogate escapes.
func jacksonEscapes(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && !hasFourByteRune(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		switch c := b[i]; {
		case c == '\\' && b[i+1] == 'u':
			switch code := string(b[i+2 : i+6]); code {
			case "2028", "2029":
				r, _ := strconv.ParseUint(code, 16, 32)
				out = utf8.AppendRune(out, rune(r))
			case "0008":
				out = append(out, `\b`...)
			case "000c":
				out = append(out, `\f`...)
			default:
				out = append(out, '\\', 'u')
				out = append(out, bytes.ToUpper(b[i+2:i+6])...)
			}
			i += 6
		case c == '\\':
			out = append(out, b[i], b[i+1])
			i += 2
		case c >= 0xF0:
			r, size := utf8.DecodeRune(b[i:])
			high, low := utf16.EncodeRune(r)
			out = append(out, fmt.Sprintf(`\u%04X\u%04X`, high, low)...)
			i += size
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

func hasFourByteRune(b []byte) bool {
	for _, c := range b {
		if c >= 0xF0 {
			return true
		}
	}
	return false
}

// writeBytes is a complete answer in one go: status, type, Content-Length, bytes.
func writeBytes(c *gin.Context, status int, contentType string, body []byte) {
	c.Header("Content-Type", contentType)
	c.Header("Content-Length", strconv.Itoa(len(body)))
	c.Status(status)
	_, _ = c.Writer.Write(body)
}

// isDatabaseUnavailable tells whether an error means the database could not be reached or did
// not answer in time (a 503 the client may retry), not a bug: the Java service's SQLSTATE class
// 08 and timeouts.
func isDatabaseUnavailable(err error) bool {
	if errors.Is(err, errPoolTimeout) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var server *mysql.MySQLError
	if errors.As(err, &server) {
		switch server.Number {
		case 1040, 1042, 1043, 1047, 1053, 1080, 1081, 1152, 1153, 1154, 1155, 1156, 1157, 1158, 1159, 1160, 1161,
			1184, 1189, 1190, 1218, 1317, 1927, 3024:
			return true
		}
	}
	return false
}
