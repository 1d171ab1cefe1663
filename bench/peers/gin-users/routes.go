package main

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// app holds what the handlers share, built once in main.
type app struct {
	cfg    *config
	store  *store
	users  *userService
	tokens *tokenService
	cors   corsPolicy
	echo   *echoEndpoint
}

// route is one entry of the route table: the methods it answers (in the order Allow lists
// them) and whether it is an API route with CORS (preflights on OPTIONS).
type route struct {
	methods []string
	cors    bool
	// The Gin paths it serves; one ending in /*param also serves everything under it.
	paths []string
}

// allowed is what Allow lists: the route's methods, and OPTIONS where CORS answers preflights.
func (r *route) allowed() []string {
	if !r.cors {
		return r.methods
	}
	return append(append([]string{}, r.methods...), http.MethodOptions)
}

func (r *route) serves(path string) bool {
	for _, p := range r.paths {
		if i := strings.Index(p, "/*"); i >= 0 {
			if strings.HasPrefix(path, p[:i+1]) {
				return true
			}
		} else if p == path {
			return true
		}
	}
	return false
}

var (
	readMethods = []string{http.MethodGet, http.MethodHead}
	// The collection and one user are two routes, each with its own methods (405 and Allow).
	usersRoute = &route{methods: []string{http.MethodGet, http.MethodHead, http.MethodPost}, cors: true, paths: []string{"/users"}}
	userRoute  = &route{methods: []string{http.MethodGet, http.MethodHead, http.MethodPatch, http.MethodDelete},
		cors: true, paths: []string{"/users/*id"}}
	tokenRoute  = &route{methods: []string{http.MethodPost}, cors: true, paths: []string{"/token"}}
	jsonRoute   = &route{methods: readMethods, cors: true, paths: []string{"/json"}}
	healthRoute = &route{methods: readMethods, cors: true, paths: []string{"/health"}}
	wsRoute     = &route{methods: readMethods, paths: []string{"/ws", "/ws/*client_id"}}
	routeTable  = []*route{usersRoute, userRoute, tokenRoute, jsonRoute, healthRoute, wsRoute}
)

// router is the site: every route with its methods and access rule in one table, as the
// Java service's WebApp. Errors are RFC 9457 problems on every route; a method a route does
// not take is 405 with Allow (Gin's NoMethod), a path no route serves 404.
func (a *app) router() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	r.Use(gin.CustomRecovery(func(c *gin.Context, _ any) {
		fail(c, errPanic) // logged by Gin's recovery with its stack; answered as a problem
	}), securityHeaders, a.swallowBody)

	// Access rule: the users resource needs a bearer token, except to register.
	a.handle(r, usersRoute, map[string]handler{
		http.MethodGet: a.readUsers, http.MethodHead: a.readUsers, http.MethodPost: a.createUser,
	}, a.requireToken("POST /users"), noStore)
	a.handle(r, userRoute, map[string]handler{
		http.MethodGet: a.readUsers, http.MethodHead: a.readUsers,
		http.MethodPatch: a.updateUser, http.MethodDelete: a.deleteUser,
	}, a.requireToken(), noStore)
	a.handle(r, tokenRoute, map[string]handler{http.MethodPost: a.issueToken})
	a.handle(r, jsonRoute, map[string]handler{http.MethodGet: a.helloJSON, http.MethodHead: a.helloJSON})
	a.handle(r, healthRoute, map[string]handler{http.MethodGet: a.health, http.MethodHead: a.health})
	a.handle(r, wsRoute, map[string]handler{http.MethodGet: a.webSocket, http.MethodHead: a.webSocket})

	r.NoMethod(a.methodNotAllowed)
	// Every other path: GET and HEAD find no page (404), other methods are not allowed (405),
	// as the Java service's catch-all route (its /{word}/{n} pages, which this peer lacks).
	r.NoRoute(func(c *gin.Context) {
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			writeProblem(c, methodNotAllowed(c.Request.Method, readMethods))
			return
		}
		writeProblem(c, notFound("No page at "+abbreviate(c.Request.URL.Path)))
	})
	return r
}

// handler is a route's handler for one method; an error it returns is answered by fail.
type handler func(c *gin.Context) error

func (a *app) handle(r *gin.Engine, rt *route, handlers map[string]handler, middleware ...gin.HandlerFunc) {
	for _, path := range rt.paths {
		if rt.cors {
			r.OPTIONS(path, a.corsFilter(rt))
		}
		for _, method := range rt.methods {
			h := handlers[method]
			chain := append([]gin.HandlerFunc{a.corsFilter(rt), a.bufferBody}, middleware...)
			chain = append(chain, func(c *gin.Context) {
				if err := h(c); err != nil {
					fail(c, err)
				}
			})
			r.Handle(method, path, chain...)
		}
	}
}

// corsFilter answers CORS on API routes: the allowed origin on every answer, and every
// OPTIONS as a preflight (204) listing the route's own methods.
func (a *app) corsFilter(rt *route) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !rt.cors {
			return
		}
		a.cors.allowOrigin(c)
		if c.Request.Method == http.MethodOptions {
			a.cors.preflight(c, rt.allowed())
			c.Abort()
		}
	}
}

func (a *app) methodNotAllowed(c *gin.Context) {
	for _, rt := range routeTable {
		if rt.serves(c.Request.URL.Path) {
			if rt.cors {
				a.cors.allowOrigin(c)
			}
			writeProblem(c, methodNotAllowed(c.Request.Method, rt.allowed()))
			return
		}
	}
	writeProblem(c, notFound("No page at "+abbreviate(c.Request.URL.Path)))
}

var errPanic = &httpError{status: http.StatusInternalServerError, detail: "Internal error"}

// securityHeaders are on every answer: no content sniffing, no referrer leaving the site.
func securityHeaders(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "no-referrer")
}

// noStore: user data is never kept by a browser or a shared cache.
func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
}

func abbreviate(text string) string {
	if utf16Length(text) <= 20 {
		return text
	}
	runes := []rune(text)
	n, i := 0, 0
	for ; i < len(runes) && n < 20; i++ {
		n += utf16Length(string(runes[i]))
	}
	return string(runes[:i]) + "..."
}

// corsPolicy is the article's CORS middleware, as the Java service's: allowed origins from
// APP_CORS_ORIGINS ("*" by default, never with credentials).
type corsPolicy struct {
	origins []string
	any     bool
}

func newCorsPolicy(origins []string) corsPolicy {
	p := corsPolicy{origins: origins}
	for _, o := range origins {
		if o == "*" {
			p.any = true
		}
	}
	return p
}

func (p corsPolicy) allowOrigin(c *gin.Context) {
	if p.any {
		c.Header("Access-Control-Allow-Origin", "*")
		return
	}
	c.Writer.Header().Add("Vary", "Origin")
	origin := c.GetHeader("Origin")
	for _, o := range p.origins {
		if origin != "" && o == origin {
			c.Header("Access-Control-Allow-Origin", origin)
		}
	}
}

func (p corsPolicy) preflight(c *gin.Context, methods []string) {
	allowed := strings.Join(methods, ", ")
	c.Header("Access-Control-Allow-Methods", allowed)
	c.Header("Access-Control-Allow-Headers", "Origin, Content-Type, Authorization")
	c.Header("Access-Control-Max-Age", "600")
	c.Header("Allow", allowed)
	c.Status(http.StatusNoContent)
	c.Writer.WriteHeaderNow()
}

// --- the users resource: /users (list, register) and /users/{id} (read, update, delete) ---

var (
	userIDPattern   = regexp.MustCompile(`^[0-9]{1,19}$`)
	queryIntPattern = regexp.MustCompile(`^-?[0-9]{1,10}$`)
	onCollection    = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodOptions}
	onUser          = []string{http.MethodGet, http.MethodHead, http.MethodPatch, http.MethodDelete, http.MethodOptions}
)

func isCollection(c *gin.Context) bool {
	return c.Param("id") == ""
}

func (a *app) readUsers(c *gin.Context) error {
	if isCollection(c) {
		params, err := queryParameters(c.Request.URL.RawQuery)
		if err != nil {
			return err
		}
		skip, err := queryInt(params, "skip", 0, 0, 1<<31-1)
		if err != nil {
			return err
		}
		limit, err := queryInt(params, "limit", 10, 1, 100)
		if err != nil {
			return err
		}
		views, err := a.users.list(callerOf(c), skip, limit)
		if err != nil {
			return err
		}
		writeJSON(c, http.StatusOK, views)
		return nil
	}
	id, err := userID(c)
	if err != nil {
		return err
	}
	view, err := a.users.get(callerOf(c), id)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, view)
	return nil
}

func (a *app) createUser(c *gin.Context) error {
	if !isCollection(c) {
		return methodNotAllowed(http.MethodPost, onUser)
	}
	values, err := readJSONObject(c, newUserFields)
	if err != nil {
		return err
	}
	request := newUserFrom(values)
	if err := request.validate(); err != nil {
		return err
	}
	created, err := a.users.register(request)
	if err != nil {
		return err
	}
	c.Header("Location", "/users/"+strconv.FormatInt(created.ID, 10))
	writeJSON(c, http.StatusCreated, created)
	return nil
}

func (a *app) updateUser(c *gin.Context) error {
	id, err := itemID(c, http.MethodPatch)
	if err != nil {
		return err
	}
	values, err := readJSONObject(c, userPatchFields)
	if err != nil {
		return err
	}
	patch := userPatchFrom(values)
	if err := patch.validate(); err != nil {
		return err
	}
	view, err := a.users.update(callerOf(c), id, patch)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, view)
	return nil
}

func (a *app) deleteUser(c *gin.Context) error {
	id, err := itemID(c, http.MethodDelete)
	if err != nil {
		return err
	}
	if err := a.users.delete(callerOf(c), id); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	c.Writer.WriteHeaderNow()
	return nil
}

func itemID(c *gin.Context, method string) (int64, error) {
	if isCollection(c) {
		return 0, methodNotAllowed(method, onCollection)
	}
	return userID(c)
}

// userID is the id of /users/{id}: a positive 63-bit integer, else 400 "Invalid user ID".
func userID(c *gin.Context) (int64, error) {
	segment := strings.TrimPrefix(c.Param("id"), "/")
	if !userIDPattern.MatchString(segment) {
		return 0, badRequest("Invalid user ID")
	}
	id, err := strconv.ParseInt(segment, 10, 64)
	if err != nil || id < 1 {
		return 0, badRequest("Invalid user ID")
	}
	return id, nil
}

// queryInt is a pagination parameter: absent, its default; else an integer within bounds,
// or 422 naming it.
func queryInt(params map[string]string, name string, def, min, max int) (int, error) {
	raw, present := params[name]
	if !present {
		return def, nil
	}
	bound := strconv.Itoa(min) + " to " + strconv.Itoa(max)
	if max == 1<<31-1 {
		bound = ">= " + strconv.Itoa(min)
	}
	problem := &httpError{status: http.StatusUnprocessableEntity, detail: "Invalid query parameter '" + name + "'",
		errors: []fieldError{{name, name + " must be an integer " + bound}}}
	raw = javaStrip(raw)
	if !queryIntPattern.MatchString(raw) {
		return 0, problem
	}
	value, _ := strconv.ParseInt(raw, 10, 64)
	if value < int64(min) || value > int64(max) {
		return 0, problem
	}
	return int(value), nil
}

// --- POST /token: the OAuth2 password grant ---

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

func (a *app) issueToken(c *gin.Context) error {
	if err := requireMediaType(c, "application/x-www-form-urlencoded"); err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	form, err := parseForm(body)
	if err != nil {
		return err
	}
	var missing []fieldError
	for _, field := range []string{"password", "username"} {
		if form[field] == "" {
			missing = append(missing, fieldError{field, msgRequired})
		}
	}
	if len(missing) > 0 {
		return invalid(missing)
	}
	u, err := a.users.authenticate(form["username"], form["password"])
	if err != nil {
		return err
	}
	if u == nil {
		return unauthorized("Incorrect email or password")
	}
	token, err := a.tokens.issue(u.id, u.tokenVersion)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeJSON(c, http.StatusOK, tokenResponse{AccessToken: token, TokenType: "bearer", ExpiresIn: int64(a.tokens.ttl.Seconds())})
	return nil
}

// --- GET /json and GET /health ---

type message struct {
	Message string `json:"message"`
}

// helloJSON is the article's "simple JSON response", rendered by Gin's c.JSON on every request.
func (a *app) helloJSON(c *gin.Context) error {
	// Set first: Gin's renderer keeps it (its own adds "; charset=utf-8").
	c.Header("Content-Type", jsonContentType)
	c.JSON(http.StatusOK, message{Message: "Hello, World!"})
	return nil
}

type healthStatus struct {
	Status   string `json:"status"`
	Database string `json:"database"`
}

// health is whether this instance can serve, database included.
func (a *app) health(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	if a.store.ping() {
		writeJSON(c, http.StatusOK, healthStatus{"healthy", "up"})
	} else {
		writeJSON(c, http.StatusServiceUnavailable, healthStatus{"unhealthy", "down"})
	}
	return nil
}
