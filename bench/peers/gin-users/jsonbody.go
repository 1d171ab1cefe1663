package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// The bounds Jackson's StreamReadConstraints put on a document (the Java service answers
// "JSON nested or sized beyond the limits" past them).
const (
	maxJSONDepth        = 1000
	maxJSONNumberLength = 1000
	maxJSONNameLength   = 50000
)

// fieldKind is the JSON a known field of a request body takes, besides null.
type fieldKind int

const (
	textField fieldKind = iota
	boolField
)

// readJSONObject reads a JSON object body as the Java service's JsonBodies.read does with its
// Jackson settings: 415 unless application/json, 413 over 64 KiB, 400 for no body, malformed
// JSON, a key given twice (at any depth), a value of the wrong type for a known field, trailing
// content, or anything but an object. Unknown fields are ignored. It returns the known fields
// that are present and not null: a string for textField, a bool for boolField.
func readJSONObject(c *gin.Context, fields map[string]fieldKind) (map[string]any, error) {
	if err := requireMediaType(c, "application/json"); err != nil {
		return nil, err
	}
	body, err := readBody(c)
	if err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, badRequest("Request body required")
	}
	return decodeObject(body, fields)
}

var errNotObject = badRequest("Request body must be a JSON object")

// decodeObject walks the whole document token by token, so that errors come out in document
// order, as they do from Jackson's streaming parser.
func decodeObject(body []byte, fields map[string]fieldKind) (map[string]any, error) {
	body = bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")) // Jackson skips a UTF-8 byte order mark
	// Go's decoder takes bytes that are not UTF-8 inside strings (and replaces them), Jackson
	// refuses them where they stand: parse only what comes before, and fail there.
	valid, bad := body, -1
	if !utf8.Valid(body) {
		bad = firstInvalidUTF8(body)
		valid = body[:bad]
	}
	p := &jsonWalk{dec: json.NewDecoder(bytes.NewReader(valid)), src: body, bad: bad, fields: fields}
	p.dec.UseNumber()
	values, err := p.document()
	if err == errTruncated {
		return nil, p.malformedAt(bad)
	}
	return values, err
}

// errTruncated: the parse ran into the first byte that is not UTF-8.
var errTruncated = errors.New("not UTF-8")

type jsonWalk struct {
	dec    *json.Decoder
	src    []byte
	bad    int
	fields map[string]fieldKind
}

func (p *jsonWalk) document() (map[string]any, error) {
	// Jackson refuses an array where the object should be without reading it; a string, a
	// number or a literal it reads first.
	if start := bytes.TrimLeft(p.src, " \t\r\n"); len(start) > 0 && start[0] == '[' {
		return nil, errNotObject
	}
	tok, err := p.token()
	if err == io.EOF {
		return nil, errNotObject // nothing but white space
	}
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, p.rootScalar(tok)
	}
	values := map[string]any{}
	if err := p.object(1, values); err != nil {
		return nil, err
	}
	// FAIL_ON_TRAILING_TOKENS: white space only after the object.
	tok, err = p.token()
	if err == io.EOF {
		return values, nil
	}
	if err != nil {
		return nil, err
	}
	return nil, errNotObject
}

// rootScalar is Jackson's answer to a string, number or literal where the object should be:
// what follows a number must be white space, and a literal must not run on into a name
// ("truex"); otherwise the body is simply not an object.
func (p *jsonWalk) rootScalar(tok json.Token) error {
	end := int(p.dec.InputOffset())
	var next rune = -1
	if end < len(p.src) {
		next, _ = utf8.DecodeRune(p.src[end:])
	}
	switch v := tok.(type) {
	case json.Number:
		if len(v) > maxJSONNumberLength {
			return p.limits()
		}
		if next != -1 && !strings.ContainsRune(" \t\r\n", next) {
			return p.malformedAt(end)
		}
	case bool, nil:
		if next != -1 && (unicode.IsLetter(next) || unicode.IsDigit(next) || next == '_' || next == '$') {
			return p.malformedAt(end)
		}
	}
	return errNotObject
}

// object reads an object's members up to its '}'; at the top (values != nil) it type-checks
// and keeps the known fields.
func (p *jsonWalk) object(depth int, values map[string]any) error {
	seen := map[string]bool{}
	for {
		tok, err := p.token()
		if err != nil {
			return p.eof(err)
		}
		if d, ok := tok.(json.Delim); ok && d == '}' {
			return nil
		}
		key := tok.(string) // the decoder allows nothing else here
		if len(key) > maxJSONNameLength {
			return p.limits()
		}
		if seen[key] {
			return p.duplicate(key)
		}
		seen[key] = true
		tok, err = p.token()
		if err != nil {
			return p.eof(err)
		}
		if n, ok := tok.(json.Number); ok && len(n) > maxJSONNumberLength {
			return p.limits()
		}
		if kind, known := p.fields[key]; known && values != nil {
			switch v := tok.(type) {
			case nil:
				continue
			case string:
				if kind == textField {
					values[key] = v
					continue
				}
			case bool:
				if kind == boolField {
					values[key] = v
					continue
				}
			}
			return badRequest("Wrong type for field '" + key + "'")
		}
		if err := p.value(tok, depth); err != nil {
			return err
		}
	}
}

func (p *jsonWalk) array(depth int) error {
	for {
		tok, err := p.token()
		if err != nil {
			return p.eof(err)
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			return nil
		}
		if n, ok := tok.(json.Number); ok && len(n) > maxJSONNumberLength {
			return p.limits()
		}
		if err := p.value(tok, depth); err != nil {
			return err
		}
	}
}

// value skips a value whose first token is tok, checking what Jackson checks while skipping.
func (p *jsonWalk) value(tok json.Token, depth int) error {
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	if depth+1 > maxJSONDepth {
		return p.limits()
	}
	if d == '{' {
		return p.object(depth+1, nil)
	}
	return p.array(depth + 1)
}

func (p *jsonWalk) token() (json.Token, error) {
	tok, err := p.dec.Token()
	if err == nil || err == io.EOF {
		if err == io.EOF && p.bad >= 0 {
			return nil, errTruncated
		}
		return tok, err
	}
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return nil, p.malformedAt(int(syntax.Offset))
	}
	if p.bad >= 0 {
		return nil, errTruncated
	}
	return nil, p.malformedAt(len(p.src)) // unexpected end of input
}

// eof turns the end of input inside a value into a malformed-JSON answer.
func (p *jsonWalk) eof(err error) error {
	if err == io.EOF {
		if p.bad >= 0 {
			return errTruncated
		}
		return p.malformedAt(len(p.src))
	}
	return err
}

// Where the body stopped being JSON, never the parser's own words.
func (p *jsonWalk) malformedAt(offset int) error {
	return badRequest("Malformed JSON" + p.at(offset))
}

// duplicate is the Java service's answer to a key given twice: its name (up to a quote, at
// most 100 characters; a longer one is reported as malformed JSON, as there).
func (p *jsonWalk) duplicate(key string) error {
	name := key
	if i := bytes.IndexByte([]byte(key), '\''); i >= 0 {
		name = key[:i]
	}
	if utf8.RuneCountInString(name) > 100 {
		return p.malformedAt(int(p.dec.InputOffset()))
	}
	return badRequest("Duplicate field '" + name + "'" + p.at(int(p.dec.InputOffset())))
}

// limits: past Jackson's StreamReadConstraints (its exception has no location).
func (p *jsonWalk) limits() error {
	return badRequest("JSON nested or sized beyond the limits")
}

// at is " at line L, column C" (1-based, columns in characters) for a byte offset.
func (p *jsonWalk) at(offset int) string {
	if offset > len(p.src) {
		offset = len(p.src)
	}
	before := p.src[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	column := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return fmt.Sprintf(" at line %d, column %d", line, column)
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
