package main

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// The rules of the API's request bodies, with the Java service's messages (NewUser, UserPatch,
// PasswordLength): lengths counted as Java counts them (UTF-16 units; passwords in bytes of
// UTF-8), text trimmed as String.strip() does, emails lowercased as toLowerCase(Locale.ROOT)
// and checked as Hibernate Validator's @Email with the service's pattern.

const (
	maxEmailLength   = 254
	maxNameLength    = 100
	minPasswordBytes = 8
	maxPasswordBytes = 72 // all bcrypt reads: longer is refused, never silently cut

	msgRequired      = "is required"
	msgNotBlank      = "must not be blank"
	msgEmailLength   = "must be at most 254 characters"
	msgEmail         = "must be a valid email address"
	msgNameLength    = "must be at most 100 characters"
	msgPatchName     = "must be 1 to 100 characters, not blank"
	msgPasswordBytes = "must be 8 to 72 bytes of UTF-8"
)

// newUser is the body of POST /users, normalized: email trimmed and lowercased, name trimmed.
type newUser struct {
	email, name, password *string
}

var newUserFields = map[string]fieldKind{"email": textField, "name": textField, "password": textField}

func newUserFrom(values map[string]any) newUser {
	var u newUser
	if v, ok := values["email"].(string); ok {
		email := javaLower(javaStrip(v))
		u.email = &email
	}
	if v, ok := values["name"].(string); ok {
		name := javaStrip(v)
		u.name = &name
	}
	if v, ok := values["password"].(string); ok {
		u.password = &v
	}
	return u
}

func (u newUser) validate() error {
	var errs []fieldError
	if u.email == nil {
		errs = append(errs, fieldError{"email", msgRequired})
	} else {
		if utf16Length(*u.email) > maxEmailLength {
			errs = append(errs, fieldError{"email", msgEmailLength})
		}
		if !validEmail(*u.email) {
			errs = append(errs, fieldError{"email", msgEmail})
		}
	}
	if u.name == nil || *u.name == "" { // @NotBlank (String.isBlank) of a stripped name
		errs = append(errs, fieldError{"name", msgNotBlank})
	}
	if u.name != nil && utf16Length(*u.name) > maxNameLength {
		errs = append(errs, fieldError{"name", msgNameLength})
	}
	if u.password == nil {
		errs = append(errs, fieldError{"password", msgRequired})
	} else if !passwordLengthOK(*u.password) {
		errs = append(errs, fieldError{"password", msgPasswordBytes})
	}
	return invalidIfAny(errs)
}

// userPatch is the body of PATCH /users/{id}: each field optional, the name trimmed.
type userPatch struct {
	name     *string
	active   *bool
	password *string
}

var userPatchFields = map[string]fieldKind{"name": textField, "is_active": boolField, "password": textField}

func userPatchFrom(values map[string]any) userPatch {
	var p userPatch
	if v, ok := values["name"].(string); ok {
		name := javaStrip(v)
		p.name = &name
	}
	if v, ok := values["is_active"].(bool); ok {
		p.active = &v
	}
	if v, ok := values["password"].(string); ok {
		p.password = &v
	}
	return p
}

func (p userPatch) isEmpty() bool {
	return p.name == nil && p.active == nil && p.password == nil
}

func (p userPatch) validate() error {
	var errs []fieldError
	if p.name != nil {
		if n := utf16Length(*p.name); n < 1 || n > maxNameLength {
			errs = append(errs, fieldError{"name", msgPatchName})
		}
	}
	if p.password != nil && !passwordLengthOK(*p.password) {
		errs = append(errs, fieldError{"password", msgPasswordBytes})
	}
	return invalidIfAny(errs)
}

func invalidIfAny(errs []fieldError) error {
	if len(errs) == 0 {
		return nil
	}
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].Field != errs[j].Field {
			return errs[i].Field < errs[j].Field
		}
		return errs[i].Message < errs[j].Message
	})
	return invalid(errs)
}

func passwordLengthOK(password string) bool {
	return len(password) >= minPasswordBytes && len(password) <= maxPasswordBytes
}

// utf16Length is String.length(): UTF-16 units.
func utf16Length(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// isJavaWhitespace is Character.isWhitespace: Unicode space separators except the no-break
// ones, line and paragraph separators, and the ASCII controls \t \n \v \f \r and FS GS RS US.
func isJavaWhitespace(r rune) bool {
	switch {
	case r >= 0x09 && r <= 0x0D, r >= 0x1C && r <= 0x1F:
		return true
	case r == 0xA0, r == 0x2007, r == 0x202F:
		return false
	}
	return unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp)
}

// javaStrip is String.strip().
func javaStrip(s string) string {
	return strings.TrimFunc(s, isJavaWhitespace)
}

// javaLower is String.toLowerCase(Locale.ROOT): per code point, except that İ becomes i and a
// combining dot, and a capital sigma that ends a word becomes the final ς.
func javaLower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	runes := []rune(s)
	var b strings.Builder
	for i, r := range runes {
		switch r {
		case 'İ':
			b.WriteString("i\u0307")
		case 'Σ':
			if finalSigma(runes, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma is Java's rule for a capital sigma: it ends a word when the word has a cased
// letter before it and none after it.
func finalSigma(runes []rune, i int) bool {
	before := false
	for j := i - 1; j >= 0 && inWord(runes, j); j-- {
		if cased(runes[j]) {
			before = true
			break
		}
	}
	if !before {
		return false
	}
	for j := i + 1; j < len(runes) && inWord(runes, j); j++ {
		if cased(runes[j]) {
			return false
		}
	}
	return true
}

// inWord: no word boundary (Unicode's word-break rules, simplified) separates runes[j] from
// its neighbours: letters, digits, marks and connectors; a '.', ':', '\” and the like only
// between two of those.
func inWord(runes []rune, j int) bool {
	r := runes[j]
	if wordRune(r) {
		return true
	}
	return strings.ContainsRune(".:'\u00B7\u2018\u2019\u2024\u2027,;", r) &&
		j > 0 && j+1 < len(runes) && wordRune(runes[j-1]) && wordRune(runes[j+1])
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc, unicode.Cf, unicode.Pc)
}

func cased(r rune) bool {
	return unicode.IsUpper(r) || unicode.IsLower(r) || unicode.IsTitle(r) ||
		unicode.In(r, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// The email rules: Hibernate Validator's @Email (its local part and domain patterns, a local
// part of at most 64 characters, a domain that IDN.toASCII accepts, at most 255 characters
// when so encoded), and the service's own pattern "[^@\s]+@[^@\s]+\.[^@\s]+".
const (
	localAtom       = "[a-z0-9!#$%&'*+/=?^_`{|}~\\x{80}-\\x{FFFF}-]"
	localQuotedAtom = "(?:[a-z0-9!#$%&'*.(),<>\\[\\]:;  @+/=?^_`{|}~\\x{80}-\\x{FFFF}-]|\\\\\\\\|\\\\\")"
	domainChar      = "[a-z\\x{80}-\\x{FFFF}0-9!#$%&'*+/=?^_`{|}~]"
	domainLabel     = domainChar + "+(?:-+" + domainChar + "+)*"
	ipv4Domain      = "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"
	ipv6Domain      = "(?:(?:[0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,7}:|(?:[0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,5}(?::[0-9a-fA-F]{1,4}){1,2}|(?:[0-9a-fA-F]{1,4}:){1,4}(?::[0-9a-fA-F]{1,4}){1,3}|(?:[0-9a-fA-F]{1,4}:){1,3}(?::[0-9a-fA-F]{1,4}){1,4}|(?:[0-9a-fA-F]{1,4}:){1,2}(?::[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:(?:(?::[0-9a-fA-F]{1,4}){1,6})|:(?:(?::[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(?::[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(?:ffff(:0{1,4}){0,1}:){0,1}(?:(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])|(?:[0-9a-fA-F]{1,4}:){1,4}:(?:(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(?:25[0-5]|(?:2[0-4]|1{0,1}[0-9]){0,1}[0-9]))"
)

var (
	localPartPattern = regexp.MustCompile("^(?i:(?:" + localAtom + "+|\"" + localQuotedAtom + "+\")(?:\\.(?:" +
		localAtom + "+|\"" + localQuotedAtom + "+\"))*)$")
	domainPattern = regexp.MustCompile("^(?i:" + domainLabel + "(?:\\." + domainLabel + ")*|\\[" + ipv4Domain +
		"\\]|\\[IPv6:" + ipv6Domain + "\\])$")
	// Java's \s: space, \t, \n, \x0B, \f, \r.
	emailPattern = regexp.MustCompile("^[^@ \\t\\n\\x0B\\f\\r]+@[^@ \\t\\n\\x0B\\f\\r]+\\.[^@ \\t\\n\\x0B\\f\\r]+$")
)

func validEmail(email string) bool {
	if email == "" {
		return false // Hibernate lets an empty string pass; the service's pattern does not
	}
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	local, domain := email[:at], email[at+1:]
	if utf16Length(local) > 64 || !localPartPattern.MatchString(local) {
		return false
	}
	if strings.HasSuffix(domain, ".") {
		return false
	}
	ascii, ok := idnToASCII(domain)
	if !ok || len(ascii) > 255 || !domainPattern.MatchString(domain) {
		return false
	}
	return emailPattern.MatchString(email)
}

// idnToASCII is java.net.IDN.toASCII(domain) as far as @Email depends on it: labels split at
// the four IDNA dots, none empty, non-ASCII ones normalized (NFKC) and Punycode-encoded with
// the xn-- prefix, each at most 63 characters. (Stringprep's prohibited and unassigned code
// points are not refused here.)
func idnToASCII(domain string) (string, bool) {
	if r, size := utf8.DecodeRuneInString(domain); size == len(domain) && isIDNADot(r) {
		return ".", true
	}
	var b strings.Builder
	for p := 0; p < len(domain); {
		q := strings.IndexFunc(domain[p:], isIDNADot)
		if q < 0 {
			q = len(domain)
		} else {
			q += p
		}
		ascii, ok := labelToASCII(domain[p:q])
		if !ok {
			return "", false
		}
		b.WriteString(ascii)
		if q == len(domain) {
			break
		}
		b.WriteByte('.')
		_, size := utf8.DecodeRuneInString(domain[q:])
		p = q + size
	}
	return b.String(), true
}

func isIDNADot(r rune) bool {
	return r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61'
}

func labelToASCII(label string) (string, bool) {
	if label == "" {
		return "", false
	}
	asciiOnly := true
	for i := 0; i < len(label); i++ {
		if label[i] >= utf8.RuneSelf {
			asciiOnly = false
			break
		}
	}
	if !asciiOnly {
		label = norm.NFKC.String(strings.ToLower(label))
		if label == "" {
			return "", false
		}
		if strings.HasPrefix(strings.ToLower(label), "xn--") {
			return "", false
		}
		encoded, err := idna.Punycode.ToASCII(label)
		if err != nil {
			return "", false
		}
		label = strings.ToLower(encoded)
	}
	return label, len(label) <= 63
}
