package main

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// userService is the user operations, each in one database session (and one transaction
// where it writes several statements), as the Java service's UserService.
type userService struct {
	store   *store
	hasher  *passwordHasher
	backoff loginBackoff
	now     func() time.Time
}

// caller is who makes a request: the authenticated user and whether it is an admin. A user
// manages its own account; an admin manages every one.
type caller struct {
	id    int64
	admin bool
}

func (c caller) mayManage(userID int64) bool {
	return c.admin || c.id == userID
}

// userView is a user as the API shows it: never the password hash, and the email only to
// the user itself and to admins (omitted, not null, for everyone else).
type userView struct {
	ID        int64   `json:"id"`
	Email     *string `json:"email,omitempty"`
	Name      string  `json:"name"`
	CreatedAt instant `json:"created_at"`
	IsActive  bool    `json:"is_active"`
}

func viewOf(u *user, withEmail bool) userView {
	v := userView{ID: u.id, Name: u.name, CreatedAt: instant(u.createdAt), IsActive: u.active}
	if withEmail {
		email := u.email
		v.Email = &email
	}
	return v
}

// instant is written as Java's Instant.toString (ISO-8601 in UTC): the fraction of a second
// only when there is one, in groups of three digits.
type instant time.Time

func (t instant) MarshalJSON() ([]byte, error) {
	u := time.Time(t).UTC()
	b := make([]byte, 0, 32)
	b = append(b, '"')
	b = u.AppendFormat(b, "2006-01-02T15:04:05")
	if ns := u.Nanosecond(); ns != 0 {
		digits := 9
		switch {
		case ns%1_000_000 == 0:
			digits, ns = 3, ns/1_000_000
		case ns%1_000 == 0:
			digits, ns = 6, ns/1_000
		}
		fraction := strconv.Itoa(ns)
		b = append(b, '.')
		for i := len(fraction); i < digits; i++ {
			b = append(b, '0')
		}
		b = append(b, fraction...)
	}
	return append(b, 'Z', '"'), nil
}

// nowMillis is the time a row records: UTC, to the millisecond, as the Java service writes it.
func (s *userService) nowMillis() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

func (s *userService) register(u newUser) (userView, error) {
	// Hash before taking a connection: bcrypt is the slow part and needs no database.
	hash, err := s.hasher.hash(*u.password)
	if err != nil {
		return userView{}, err
	}
	row := &user{email: *u.email, name: *u.name, passwordHash: hash, active: true, createdAt: s.nowMillis()}
	err = s.store.session(func(ctx context.Context) error { return s.store.insert(ctx, row) })
	// The unique key decides, so concurrent registrations of one email get one winner.
	if errors.Is(err, errDuplicateEmail) {
		return userView{}, badRequest("Email already registered")
	}
	if err != nil {
		return userView{}, err
	}
	return viewOf(row, true), nil
}

// get: any caller may read a user; the email only if it may manage that user.
func (s *userService) get(c caller, id int64) (userView, error) {
	var u *user
	err := s.store.session(func(ctx context.Context) (err error) {
		u, err = s.store.findByID(ctx, id)
		return err
	})
	if err != nil {
		return userView{}, err
	}
	if u == nil {
		return userView{}, userNotFound()
	}
	return viewOf(u, c.mayManage(id)), nil
}

func (s *userService) list(c caller, skip, limit int) ([]userView, error) {
	var users []*user
	err := s.store.session(func(ctx context.Context) (err error) {
		users, err = s.store.list(ctx, skip, limit)
		return err
	})
	if err != nil {
		return nil, err
	}
	views := make([]userView, len(users))
	for i, u := range users {
		views[i] = viewOf(u, c.mayManage(u.id))
	}
	return views, nil
}

// update: a user changes its own account, an admin any; a new password or a deactivation
// ends its tokens.
func (s *userService) update(c caller, id int64, p userPatch) (userView, error) {
	if err := requireMayManage(c, id); err != nil {
		return userView{}, err
	}
	// Hash before taking a connection, as at registration.
	var passwordHash *string
	if p.password != nil {
		hash, err := s.hasher.hash(*p.password)
		if err != nil {
			return userView{}, err
		}
		passwordHash = &hash
	}
	var u *user
	err := s.store.session(func(ctx context.Context) (err error) {
		u, err = s.store.updateAndRead(ctx, id, p, passwordHash)
		return err
	})
	if err != nil {
		return userView{}, err
	}
	if u == nil {
		return userView{}, userNotFound()
	}
	return viewOf(u, true), nil
}

func (s *userService) delete(c caller, id int64) error {
	if err := requireMayManage(c, id); err != nil {
		return err
	}
	var deleted bool
	err := s.store.session(func(ctx context.Context) (err error) {
		deleted, err = s.store.delete(ctx, id)
		return err
	})
	if err == nil && !deleted {
		return userNotFound()
	}
	return err
}

// findActive is the active user with this id, or nil: what a token's subject must still be.
func (s *userService) findActive(id int64) (*user, error) {
	var u *user
	err := s.store.session(func(ctx context.Context) (err error) {
		u, err = s.store.findByID(ctx, id)
		return err
	})
	if err != nil || u == nil || !u.active {
		return nil, err
	}
	return u, nil
}

// authenticate is the active user with these credentials, or nil. It costs one bcrypt check
// either way. An account that failed too often in a row refuses every attempt for a while:
// 429 with Retry-After, the password not even checked.
func (s *userService) authenticate(email, password string) (*user, error) {
	var u *user
	err := s.store.session(func(ctx context.Context) (err error) {
		u, err = s.store.findByEmail(ctx, javaLower(javaStrip(email)))
		return err
	})
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if u != nil && u.lockedUntil.Valid && now.Before(u.lockedUntil.Time) {
		seconds := int64(u.lockedUntil.Time.Sub(now) / time.Second)
		if seconds < 1 {
			seconds = 1
		}
		wait := strconv.FormatInt(seconds, 10)
		return nil, &httpError{status: http.StatusTooManyRequests,
			detail:  "Too many failed logins for this account: try again in " + wait + " s",
			headers: map[string]string{"Retry-After": wait}}
	}
	hash := ""
	if u != nil {
		hash = u.passwordHash
	}
	matches, err := s.hasher.matches(password, hash)
	if err != nil || u == nil {
		return nil, err
	}
	err = s.store.session(func(ctx context.Context) error {
		if matches {
			return s.store.clearFailedLogins(ctx, u.id)
		}
		var until sql.NullTime
		if lock := s.backoff.lockAfter(u.failedLogins + 1); lock > 0 {
			until = sql.NullTime{Time: now.Add(lock).Truncate(time.Millisecond), Valid: true}
		}
		return s.store.recordFailedLogin(ctx, u.id, until)
	})
	if err != nil || !matches || !u.active {
		return nil, err
	}
	return u, nil
}

// ensureAdmin makes the operator's admin account from the deployment's settings: created
// when missing, else made admin and active with this password (its older tokens ended).
// Run at start-up by every instance; it changes nothing when the account is already so.
func (s *userService) ensureAdmin(email, name, password string) error {
	normalized := javaLower(javaStrip(email))
	var existing *user
	err := s.store.session(func(ctx context.Context) (err error) {
		existing, err = s.store.findByEmail(ctx, normalized)
		return err
	})
	if err != nil {
		return err
	}
	if existing != nil && existing.admin && existing.active {
		matches, err := s.hasher.matches(password, existing.passwordHash)
		if err != nil || matches {
			return err
		}
	}
	hash, err := s.hasher.hash(password)
	if err != nil {
		return err
	}
	return s.store.session(func(ctx context.Context) error {
		if existing == nil {
			admin := &user{email: normalized, name: name, passwordHash: hash, active: true, admin: true, createdAt: s.nowMillis()}
			err := s.store.insert(ctx, admin)
			// errDuplicateEmail: another instance starting at the same time created it: make it ours below.
			if !errors.Is(err, errDuplicateEmail) {
				return err
			}
		}
		return s.store.makeAdmin(ctx, normalized, hash)
	})
}

func requireMayManage(c caller, id int64) error {
	if !c.mayManage(id) {
		return newError(http.StatusForbidden, "Only the account's owner or an admin may change it")
	}
	return nil
}

func userNotFound() error {
	return notFound("User not found")
}

// loginBackoff is how failed logins back off, per account: after maxFailures in a row the
// account refuses logins for firstLock, and each further failure doubles the wait, up to
// maxLock. A successful login starts the count again.
type loginBackoff struct {
	maxFailures int
	firstLock   time.Duration
	maxLock     time.Duration
}

// lockAfter is how long to refuse logins after this many failures in a row; zero while under the limit.
func (b loginBackoff) lockAfter(failures int) time.Duration {
	if failures < b.maxFailures {
		return 0
	}
	lock := b.firstLock
	for doublings := failures - b.maxFailures; doublings > 0 && lock < b.maxLock; doublings-- {
		lock *= 2
	}
	if lock > b.maxLock {
		return b.maxLock
	}
	return lock
}
