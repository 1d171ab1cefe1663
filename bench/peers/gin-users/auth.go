package main

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt"
	"golang.org/x/crypto/bcrypt"
)

// passwordHasher is bcrypt at the configured cost, on a bounded number of goroutines at once:
// bcrypt is slow on purpose, so a flood of logins or registrations could otherwise take every
// core. A request that finds every slot taken waits a little, then gets 503.
type passwordHasher struct {
	cost  int
	slots chan struct{}
	wait  time.Duration
	// Checked against when the user does not exist, so a wrong email costs as much time as a
	// wrong password.
	decoy []byte
}

func newPasswordHasher(cost, concurrency int, wait time.Duration) (*passwordHasher, error) {
	decoy, err := bcrypt.GenerateFromPassword([]byte("decoy password, never matches"), cost)
	if err != nil {
		return nil, err
	}
	return &passwordHasher{cost: cost, slots: make(chan struct{}, concurrency), wait: wait, decoy: decoy}, nil
}

func (h *passwordHasher) hash(password string) (string, error) {
	if err := h.acquire(); err != nil {
		return "", err
	}
	defer h.release()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), h.cost)
	return string(hash), err
}

// matches checks a password against a stored hash ("" when there is no such user: the decoy
// is checked instead, and nothing matches).
func (h *passwordHasher) matches(password, hash string) (bool, error) {
	if len(password) > maxPasswordBytes {
		return false, nil // never stored: registration refuses them
	}
	if err := h.acquire(); err != nil {
		return false, err
	}
	defer h.release()
	against := []byte(hash)
	if hash == "" {
		against = h.decoy
	}
	err := bcrypt.CompareHashAndPassword(against, []byte(password))
	if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		return false, nil
	}
	return err == nil && hash != "", err
}

func (h *passwordHasher) acquire() error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return &httpError{status: http.StatusServiceUnavailable, detail: "Too many password checks at once, try again shortly",
			headers: map[string]string{"Retry-After": "1"}}
	}
}

func (h *passwordHasher) release() { <-h.slots }

// tokenService issues and verifies the bearer tokens: JWT, HS256, with the Java service's
// claims (iss "webstack", sub the user id, ver the user's token version, iat, exp) and its
// verifier's rules, so that a token issued by either is accepted by the other.
type tokenService struct {
	secret []byte
	ttl    time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

const tokenIssuer = "webstack"

func newTokenService(secret []byte, ttl time.Duration, now func() time.Time) *tokenService {
	// Only HS256 verifies (alg "none" and every other algorithm are refused); the claims are
	// checked below, as the Java service's verifier checks them.
	jwt.DecodePaddingAllowed = true // base64url segments with '=' padding, as Java's decoder takes them
	parser := &jwt.Parser{ValidMethods: []string{jwt.SigningMethodHS256.Name}, UseJSONNumber: true, SkipClaimsValidation: true}
	return &tokenService{secret: secret, ttl: ttl, now: now, parser: parser}
}

// tokenClaims is what a token says, in the order the Java service writes it.
type tokenClaims struct {
	Iss string `json:"iss"`
	Sub string `json:"sub"`
	Ver int32  `json:"ver"`
	Iat int64  `json:"iat"`
	Exp int64  `json:"exp"`
}

// Valid is checked by verify, not by the library.
func (tokenClaims) Valid() error { return nil }

// issue is a token for this user, carrying its token version: a later password change or
// deactivation ends it.
func (t *tokenService) issue(userID int64, tokenVersion int32) (string, error) {
	now := t.now().Unix()
	claims := tokenClaims{Iss: tokenIssuer, Sub: strconv.FormatInt(userID, 10), Ver: tokenVersion, Iat: now,
		Exp: now + int64(t.ttl/time.Second)}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
}

// verify is whom a valid token was issued to, and that user's token version then; ok is
// false when it is malformed, forged, expired, not yet valid, or lacks a claim.
func (t *tokenService) verify(token string) (userID int64, version int32, ok bool) {
	claims := jwt.MapClaims{}
	if _, err := t.parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return t.secret, nil }); err != nil {
		return 0, 0, false
	}
	now := t.now().Unix()
	// iss must be the string "webstack"; sub, exp and ver present and not null.
	if iss, isString := claims["iss"].(string); !isString || iss != tokenIssuer {
		return 0, 0, false
	}
	for _, name := range []string{"sub", "exp", "ver"} {
		if claims[name] == nil {
			return 0, 0, false
		}
	}
	// exp, nbf, iat: numbers of seconds; the token is used from nbf and iat until exp.
	for _, name := range []string{"exp", "nbf", "iat"} {
		value, present := claims[name]
		if !present || value == nil {
			continue
		}
		seconds, isNumber := epochSeconds(value)
		if !isNumber || (name == "exp" && now >= seconds) || (name != "exp" && now < seconds) {
			return 0, 0, false
		}
	}
	if !audienceDecodes(claims["aud"]) {
		return 0, 0, false
	}
	id, isID := subjectID(claims["sub"])
	if !isID {
		return 0, 0, false
	}
	ver, isNumber := claims["ver"].(json.Number)
	if !isNumber {
		return 0, 0, false
	}
	return id, javaInt(ver), true
}

// epochSeconds is a date claim as the Java verifier reads one: an integer that fits a long, or
// a number with a fraction or exponent within the long range, its fraction dropped.
func epochSeconds(value any) (int64, bool) {
	n, isNumber := value.(json.Number)
	if !isNumber {
		return 0, false
	}
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	if !strings.ContainsAny(string(n), ".eE") {
		return 0, false // an integer beyond a long
	}
	f, err := n.Float64()
	switch {
	case err != nil || f < math.MinInt64 || f > math.MaxInt64:
		return 0, false
	case f >= math.MaxInt64:
		return math.MaxInt64, true
	}
	return int64(f), true
}

// subjectID is the user id of a sub claim: a string that parses as a long, or an integer
// (whose text, as Jackson gives it to the Java verifier, is its digits).
func subjectID(value any) (int64, bool) {
	switch v := value.(type) {
	case string:
		id, err := strconv.ParseInt(v, 10, 64)
		return id, err == nil
	case json.Number:
		id, err := v.Int64()
		return id, err == nil
	}
	return 0, false
}

// audienceDecodes: an aud claim that is an array holds only values that read as strings.
func audienceDecodes(aud any) bool {
	items, isArray := aud.([]any)
	if !isArray {
		return true
	}
	for _, item := range items {
		switch item.(type) {
		case []any, map[string]any:
			return false
		}
	}
	return true
}

// javaInt is Jackson's asInt() of a number: an integer's low 32 bits; otherwise the value cut
// toward zero and held within the int range, as Java's (int) cast of a double.
func javaInt(n json.Number) int32 {
	if i, ok := new(big.Int).SetString(string(n), 10); ok {
		return int32(uint32(new(big.Int).And(i, big.NewInt(math.MaxUint32)).Uint64()))
	}
	f, _ := n.Float64() // out of range: ±Inf, held within the range below
	switch {
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

const callerKey = "webstack.caller"

// requireToken is bearer-token authentication for a route, but for the requests it lists as
// public ("METHOD /path"). A valid token names a user who must still exist, be active and
// have the token version the token carries; handlers find that user with callerOf.
func (a *app) requireToken(public ...string) gin.HandlerFunc {
	open := map[string]bool{}
	for _, request := range public {
		open[request] = true
	}
	return func(c *gin.Context) {
		if open[c.Request.Method+" "+c.Request.URL.Path] {
			c.Next()
			return
		}
		u, err := a.authenticate(c.GetHeader("Authorization"))
		if err != nil {
			fail(c, err)
			return
		}
		c.Set(callerKey, caller{id: u.id, admin: u.admin})
		c.Next()
	}
}

func (a *app) authenticate(header string) (*user, error) {
	if strings.TrimFunc(header, isJavaWhitespace) == "" {
		return nil, unauthorized("Authorization header required")
	}
	if len(header) < 7 || !strings.EqualFold(header[:7], "Bearer ") {
		return nil, invalidToken()
	}
	id, version, ok := a.tokens.verify(javaStrip(header[7:]))
	if !ok {
		return nil, invalidToken()
	}
	u, err := a.users.findActive(id)
	if err != nil {
		return nil, err
	}
	// A password change or a deactivation since the token was issued ends it.
	if u == nil || u.tokenVersion != version {
		return nil, invalidToken()
	}
	return u, nil
}

func invalidToken() error {
	return unauthorized("Invalid token")
}

// callerOf is the user that requireToken authenticated.
func callerOf(c *gin.Context) caller {
	return c.MustGet(callerKey).(caller)
}
