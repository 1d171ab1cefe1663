package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// maxBodyBytes bounds every request body, as RequestBodies.MAX_BYTES: more is 413.
const maxBodyBytes = 64 * 1024

// maxParameters is Tomcat's maxParameterCount: a query string with more is refused.
const maxParameters = 1000

// connKey holds the request's connection in its context (http.Server.ConnContext), so that
// reading a body can have a deadline of its own.
type connKey struct{}

func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// bufferBody is the first step of every route after CORS (as the Java service's route filter
// does it, before authentication): a body of an acceptable size, or a chunked one, is read
// into memory within APP_BODY_TIMEOUT_MS (408 after), so that a client sending it slowly is
// answered instead of holding a handler as long as it likes. At most maxBodyBytes + 1 bytes
// are kept: readBody answers 413 beyond.
func (a *app) bufferBody(c *gin.Context) {
	length := c.Request.ContentLength
	if !(length > 0 && length <= maxBodyBytes || length < 0) {
		return
	}
	conn, _ := c.Request.Context().Value(connKey{}).(net.Conn)
	if conn != nil {
		_ = conn.SetReadDeadline(time.Now().Add(a.cfg.bodyTimeout))
	}
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, maxBodyBytes+1))
	if err != nil {
		var netErr net.Error
		if errors.As(err, &netErr) && netErr.Timeout() {
			// The deadline stays: the server then closes this connection instead of waiting
			// for the rest of the body.
			c.Header("Connection", "close")
			c.Set(bodyTimedOut, true)
			fail(c, newError(http.StatusRequestTimeout,
				"Request body not received within "+strconv.FormatInt(int64(a.cfg.bodyTimeout/time.Second), 10)+" s"))
			return
		}
		fail(c, errClientGone)
		return
	}
	if conn != nil {
		_ = conn.SetReadDeadline(time.Time{})
	}
	c.Set(bodyKey, body)
}

const bodyKey = "webstack.body"

// readBody is the request body: what bufferBody read, or nothing; 413 over maxBodyBytes.
func readBody(c *gin.Context) ([]byte, error) {
	if c.Request.ContentLength > maxBodyBytes {
		return nil, tooLarge()
	}
	buffered, _ := c.Get(bodyKey)
	body, _ := buffered.([]byte)
	if len(body) > maxBodyBytes {
		return nil, tooLarge()
	}
	return body, nil
}

const bodyTimedOut = "webstack.body-timed-out"

// maxSwallowBytes is how much of a body nobody read is still taken in after the answer (as
// Tomcat's maxSwallowSize), so that the client reads the answer instead of a connection reset.
const maxSwallowBytes = 2 << 20

// swallowBody runs after every handler: the rest of a body the handler did not read (a 413,
// 415, 401, ... answered before it) is read and dropped, at most maxSwallowBytes within the
// body timeout; beyond, the server closes the connection.
func (a *app) swallowBody(c *gin.Context) {
	c.Next()
	if c.Request.ContentLength == 0 || c.GetBool(bodyTimedOut) {
		return
	}
	conn, _ := c.Request.Context().Value(connKey{}).(net.Conn)
	if conn != nil {
		_ = conn.SetReadDeadline(time.Now().Add(a.cfg.bodyTimeout))
	}
	if _, err := io.CopyN(io.Discard, c.Request.Body, maxSwallowBytes); err == io.EOF && conn != nil {
		_ = conn.SetReadDeadline(time.Time{})
	}
}

func tooLarge() *httpError {
	return newError(http.StatusRequestEntityTooLarge, "Request body larger than "+strconv.Itoa(maxBodyBytes)+" bytes")
}

// requireMediaType is 415 unless the request's Content-Type is mediaType (parameters such as
// charset aside).
func requireMediaType(c *gin.Context, mediaType string) error {
	contentType := c.GetHeader("Content-Type")
	if i := strings.IndexByte(contentType, ';'); i >= 0 {
		contentType = contentType[:i]
	}
	if contentType == "" || strings.ToLower(strings.TrimSpace(contentType)) != mediaType {
		return unsupportedMediaType(mediaType)
	}
	return nil
}

// queryParameters decodes the query string the way Tomcat's getParameter does for the Java
// service: '+' is a space, %XX escapes are UTF-8, the first of repeated names counts, and a
// query that does not decode or has more than maxParameters parameters is a client error
// (400), not an empty page.
func queryParameters(rawQuery string) (map[string]string, error) {
	params := map[string]string{}
	count := 0
	for _, pair := range strings.Split(rawQuery, "&") {
		if pair == "" {
			continue
		}
		count++
		if count > maxParameters {
			return nil, badRequest(malformedParameters)
		}
		name, value, hasValue := strings.Cut(pair, "=")
		if name == "" {
			if hasValue {
				return nil, badRequest(malformedParameters) // a value without a name
			}
			continue
		}
		n, ok1 := percentDecode(name)
		v, ok2 := percentDecode(value)
		if !ok1 || !ok2 {
			return nil, badRequest(malformedParameters)
		}
		if _, seen := params[n]; !seen {
			params[n] = v
		}
	}
	return params, nil
}

// percentDecode is application/x-www-form-urlencoded decoding that refuses a malformed escape
// and bytes that are not UTF-8.
func percentDecode(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, utf8.ValidString(s)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '+':
			out = append(out, ' ')
		case '%':
			if i+2 >= len(s) {
				return "", false
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return "", false
			}
			out = append(out, hi<<4|lo)
			i += 2
		default:
			out = append(out, s[i])
		}
	}
	return string(out), utf8.Valid(out)
}

func unhex(b byte) (byte, bool) {
	switch {
	case '0' <= b && b <= '9':
		return b - '0', true
	case 'a' <= b && b <= 'f':
		return b - 'a' + 10, true
	case 'A' <= b && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// parseForm reads an application/x-www-form-urlencoded body as the Java service's token
// endpoint does (java.net.URLDecoder on the body read as UTF-8): the first of repeated names
// counts, a malformed escape is 400 "Malformed form body".
func parseForm(body []byte) (map[string]string, error) {
	text := string([]rune(string(body))) // as new String(bytes, UTF_8): bytes that are not UTF-8 become U+FFFD
	form := map[string]string{}
	for _, pair := range strings.Split(text, "&") {
		if pair == "" {
			continue
		}
		rawName, rawValue, hasValue := strings.Cut(pair, "=")
		name, ok1 := urlDecode(rawName)
		value, ok2 := "", true
		if hasValue {
			value, ok2 = urlDecode(rawValue)
		}
		if !ok1 || !ok2 {
			return nil, badRequest("Malformed form body")
		}
		if _, seen := form[name]; !seen {
			form[name] = value
		}
	}
	return form, nil
}

// urlDecode is java.net.URLDecoder.decode(s, UTF_8): '+' is a space; each run of %XX escapes
// is decoded as UTF-8 (what is not UTF-8 becomes U+FFFD); an escape whose two characters are
// not a hexadecimal number (Integer.parseInt(xx, 16), which also takes a '+' sign and Unicode
// digits) or that is cut short is an error.
func urlDecode(s string) (string, bool) {
	if !strings.ContainsAny(s, "%+") {
		return s, true
	}
	units := utf16.Encode([]rune(s))
	var out []rune
	for i := 0; i < len(units); {
		switch units[i] {
		case '+':
			out = append(out, ' ')
			i++
		case '%':
			var bytes []byte
			for i+2 < len(units) && units[i] == '%' {
				v, ok := parseHex2(units[i+1], units[i+2])
				if !ok {
					return "", false
				}
				bytes = append(bytes, byte(v))
				i += 3
			}
			if i < len(units) && units[i] == '%' {
				return "", false // incomplete trailing escape
			}
			out = append(out, []rune(string(bytes))...)
		default:
			// Copy one UTF-16 unit, or a surrogate pair as its code point.
			j := i + 1
			for j < len(units) && units[j] != '%' && units[j] != '+' {
				j++
			}
			out = append(out, utf16.Decode(units[i:j])...)
			i = j
		}
	}
	return string(out), true
}

// parseHex2 is Integer.parseInt of two UTF-16 units in radix 16: an optional sign then digits
// (a negative value is refused by URLDecoder).
func parseHex2(a, b uint16) (int, bool) {
	if a == '-' {
		return 0, false
	}
	if a == '+' {
		d, ok := hexDigit(rune(b))
		return d, ok
	}
	hi, ok1 := hexDigit(rune(a))
	lo, ok2 := hexDigit(rune(b))
	return hi*16 + lo, ok1 && ok2
}

// hexDigit is Character.digit(ch, 16): ASCII and fullwidth Latin letters, and the decimal
// digits of every script.
func hexDigit(r rune) (int, bool) {
	switch {
	case 'a' <= r && r <= 'f':
		return int(r-'a') + 10, true
	case 'A' <= r && r <= 'F':
		return int(r-'A') + 10, true
	case 0xFF21 <= r && r <= 0xFF26:
		return int(r-0xFF21) + 10, true
	case 0xFF41 <= r && r <= 0xFF46:
		return int(r-0xFF41) + 10, true
	}
	// Decimal digits come in runs of ten, each range of the table starting at a zero.
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10, true
		}
	}
	return 0, false
}

// tomcatPaths hands the router each request as Tomcat hands it to the Java service's
// servlets: path parameters (";jsessionid=...") cut from every segment, %XX decoded, "." and
// ".." segments resolved and repeated slashes merged. What Tomcat refuses before any servlet
// is a 400 problem here: a request line and headers over 16 KiB, characters a request target
// may not hold, an encoded slash, a ".." above the root, a path that is not UTF-8 or holds NUL.
func tomcatPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if headSize(r) > maxHeadBytes || !validTarget(r.RequestURI) {
			refuseRequest(w)
			return
		}
		escaped := r.URL.EscapedPath()
		if strings.ContainsAny(escaped, ";%") || strings.Contains(escaped, "/.") || strings.Contains(escaped, "//") {
			path, ok := normalizePath(escaped)
			if !ok {
				refuseRequest(w)
				return
			}
			r.URL.Path, r.URL.RawPath = path, ""
		}
		next.ServeHTTP(w, r)
	})
}

// maxHeadBytes is Tomcat's maxHttpHeaderSize: the request line and headers together.
const maxHeadBytes = 16 * 1024

func headSize(r *http.Request) int {
	n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + 4
	for name, values := range r.Header {
		for _, v := range values {
			n += len(name) + len(v) + 4
		}
	}
	return n
}

// validTarget: no control character, space, non-ASCII byte or one of "<>\^`{|} in the
// request target, as Tomcat's HTTP parser requires.
func validTarget(target string) bool {
	for i := 0; i < len(target); i++ {
		if c := target[i]; c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			return false
		}
	}
	return true
}

func refuseRequest(w http.ResponseWriter) {
	body := marshal(problem{Type: "about:blank", Title: title(http.StatusBadRequest), Status: http.StatusBadRequest,
		Detail: title(http.StatusBadRequest)})
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Content-Type", problemContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}

func normalizePath(escaped string) (string, bool) {
	segments := strings.Split(escaped, "/")
	for i, s := range segments {
		if j := strings.IndexByte(s, ';'); j >= 0 {
			segments[i] = s[:j]
		}
	}
	raw := strings.Join(segments, "/")
	if strings.Contains(strings.ToUpper(raw), "%2F") {
		return "", false
	}
	decoded, err := url.PathUnescape(raw)
	if err != nil || !strings.HasPrefix(decoded, "/") || !utf8.ValidString(decoded) || strings.IndexByte(decoded, 0) >= 0 {
		return "", false
	}
	if strings.HasSuffix(decoded, "/.") || strings.HasSuffix(decoded, "/..") {
		decoded += "/"
	}
	parts := strings.Split(decoded[1:], "/")
	out := make([]string, 0, len(parts))
	for i, part := range parts {
		switch {
		case part == "" && i < len(parts)-1, part == ".":
		case part == "..":
			if len(out) == 0 {
				return "", false
			}
			out = out[:len(out)-1]
		default:
			out = append(out, part)
		}
	}
	return "/" + strings.Join(out, "/"), true
}
