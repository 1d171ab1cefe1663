package main

import (
	"encoding/base64"
	"errors"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

// echoEndpoint is /ws/{client_id}: every text message is answered "Echo: " + message. As the
// Java service's (Tomcat's WebSocket endpoint with its limits): only the site's own pages may
// open it by default (403 at the handshake), a message over APP_WS_MAX_MESSAGE_BYTES
// characters closes with 1009, past APP_WS_MAX_SESSIONS a new session is closed at once with
// 1013, an idle one after APP_WS_IDLE_TIMEOUT_SECONDS with 1001; text that is not UTF-8 closes
// with 1007, and a binary message is dropped. Client ids are never logged.
type echoEndpoint struct {
	origins     []string
	maxMessage  int // in UTF-16 units, as Tomcat's text message buffer
	idle        time.Duration
	maxSessions int64
	open        atomic.Int64
	upgrader    websocket.Upgrader
}

const wsWriteTimeout = 20 * time.Second

// tooBigReason is Tomcat's reason for closing with 1009.
const tooBigReason = "The decoded text message was too big for the output buffer and the endpoint does not support partial messages"

func newEchoEndpoint(cfg *config) *echoEndpoint {
	return &echoEndpoint{
		origins:     cfg.wsOrigins,
		maxMessage:  cfg.wsMaxMessageBytes,
		idle:        cfg.wsIdleTimeout,
		maxSessions: int64(cfg.wsMaxSessions),
		upgrader: websocket.Upgrader{
			// Checked before the upgrade, with the Java service's answers.
			CheckOrigin: func(*http.Request) bool { return true },
			// Tomcat negotiates permessage-deflate when the client offers it.
			EnableCompression: true,
		},
	}
}

// webSocket answers a handshake in the order Tomcat checks one: not an upgrade (or not to
// /ws/{one segment}) is plain HTTP, 426; then Connection (400), Sec-WebSocket-Version (426),
// Sec-WebSocket-Key (400) and Origin (403).
func (a *app) webSocket(c *gin.Context) error {
	e := a.echo
	h := c.Request.Header
	clientID := strings.TrimPrefix(c.Param("client_id"), "/")
	if c.Request.Method != http.MethodGet || !headerHasToken(h, "Upgrade", "websocket") || clientID == "" ||
		strings.Contains(clientID, "/") {
		return &httpError{status: http.StatusUpgradeRequired,
			detail:  "This is a WebSocket endpoint: connect with ws://host/ws/{client_id}",
			headers: map[string]string{"Upgrade": "websocket", "Connection": "Upgrade"}}
	}
	if !headerHasToken(h, "Connection", "upgrade") {
		return badHandshake(c)
	}
	if !headerHasToken(h, "Sec-WebSocket-Version", "13") {
		// Tomcat answers this one itself: a bare status, no problem body.
		c.Writer.Header().Del("X-Content-Type-Options")
		c.Writer.Header().Del("Referrer-Policy")
		c.Header("Sec-WebSocket-Version", "13")
		c.Status(http.StatusUpgradeRequired)
		c.Writer.WriteHeaderNow()
		return nil
	}
	if !validKey(h.Get("Sec-WebSocket-Key")) {
		return badHandshake(c)
	}
	if !e.originAllowed(h.Get("Origin"), c.Request.Host) {
		return newError(http.StatusForbidden, title(http.StatusForbidden))
	}
	conn, err := e.upgrader.Upgrade(c.Writer, c.Request, nil)
	if err != nil {
		return nil // the upgrader has answered
	}
	e.serve(conn)
	return nil
}

// badHandshake is Tomcat's answer to a malformed handshake: 400, and the connection closed.
func badHandshake(c *gin.Context) error {
	c.Header("Connection", "close")
	return newError(http.StatusBadRequest, title(http.StatusBadRequest))
}

func (e *echoEndpoint) serve(conn *websocket.Conn) {
	defer conn.Close()
	if e.open.Add(1) > e.maxSessions {
		e.open.Add(-1)
		closeWith(conn, websocket.CloseTryAgainLater, "too many sessions")
		return
	}
	defer e.open.Add(-1)
	// A message of maxMessage UTF-16 units is at most three times as many bytes of UTF-8.
	conn.SetReadLimit(int64(3 * e.maxMessage))
	code := websocket.CloseNormalClosure
	for {
		_ = conn.SetReadDeadline(time.Now().Add(e.idle))
		kind, data, err := conn.ReadMessage()
		if err != nil {
			code = closeCode(conn, err)
			break
		}
		if kind != websocket.TextMessage {
			continue // the endpoint takes text: a binary message is dropped, as Tomcat drops it
		}
		if !utf8.Valid(data) {
			code = closeWith(conn, websocket.CloseInvalidFramePayloadData,
				"A WebSocket text frame was received that could not be decoded to UTF-8 because it contained invalid byte sequences")
			break
		}
		if utf16Length(string(data)) > e.maxMessage {
			code = closeWith(conn, websocket.CloseMessageTooBig, tooBigReason)
			break
		}
		_ = conn.SetWriteDeadline(time.Now().Add(wsWriteTimeout))
		if err := conn.WriteMessage(websocket.TextMessage, append([]byte("Echo: "), data...)); err != nil {
			code = websocket.CloseAbnormalClosure
			break
		}
	}
	log.Printf("WebSocket client disconnected (%d)", code)
}

// closeCode is how a session ended when reading failed: the client's close (already answered
// by the library), a message over the read limit (closed 1009 by the library), idleness (closed
// here, 1001), or a connection that broke.
func closeCode(conn *websocket.Conn, err error) int {
	var closed *websocket.CloseError
	var netErr net.Error
	switch {
	case errors.As(err, &closed):
		return closed.Code
	case errors.Is(err, websocket.ErrReadLimit):
		return websocket.CloseMessageTooBig
	case errors.As(err, &netErr) && netErr.Timeout():
		return closeWith(conn, websocket.CloseGoingAway, "The WebSocket session timeout expired")
	}
	return websocket.CloseAbnormalClosure
}

func closeWith(conn *websocket.Conn, code int, reason string) int {
	_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	return code
}

// headerHasToken: one of the header's comma-separated values is token, case aside.
func headerHasToken(h http.Header, name, token string) bool {
	for _, value := range h.Values(name) {
		for _, t := range strings.Split(value, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// validKey: Sec-WebSocket-Key is 16 bytes in base64.
func validKey(key string) bool {
	decoded, err := base64.StdEncoding.DecodeString(key)
	return err == nil && len(decoded) == 16
}

// originAllowed: no Origin (not a browser) is allowed; a configured list names the other
// pages that may connect ("*" any); without one, only the site's own pages (the Origin's
// host and port are the request's Host).
func (e *echoEndpoint) originAllowed(origin, host string) bool {
	if origin == "" {
		return true
	}
	for _, allowed := range e.origins {
		if allowed == "*" || allowed == origin {
			return true
		}
	}
	return len(e.origins) == 0 && sameOrigin(origin, host)
}

func sameOrigin(origin, host string) bool {
	if host == "" {
		return false
	}
	u, err := url.Parse(origin)
	if err != nil || u.Hostname() == "" {
		return false
	}
	defaultPort := 80
	if strings.EqualFold(u.Scheme, "https") {
		defaultPort = 443
	}
	authority := strings.ToLower(u.Hostname())
	if strings.Contains(authority, ":") {
		authority = "[" + authority + "]"
	}
	if port := u.Port(); port != "" && port != strconv.Itoa(defaultPort) {
		authority += ":" + port
	}
	expected := strings.TrimSuffix(strings.ToLower(host), ":"+strconv.Itoa(defaultPort))
	return authority == expected
}
