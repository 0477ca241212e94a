package chart

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/solemate/hoist/model"
)

// bytes hands out fuzz input one byte at a time, then zeros.
type bytes []byte

func (b *bytes) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

func pick[T any](b *bytes, from []T) T { return from[b.next()%len(from)] }

var (
	fuzzValues = []float64{0, 1, -1, 50, 60, 100, 0.25, math.NaN(), math.Inf(1), math.Inf(-1),
		1e308, -1e308, math.MaxFloat64, math.SmallestNonzeroFloat64, 1e15, -3e9}
	fuzzSpans = []time.Duration{0, 1, time.Second, time.Minute, 15 * time.Minute, time.Hour, 24 * time.Hour,
		30 * 24 * time.Hour, 400 * 24 * time.Hour, 200 * 365 * 24 * time.Hour, -time.Hour, math.MaxInt64}
	fuzzLabels = []string{"", "scale-out 4 → 8", "you scaled here", "\x1b]52;c;ZXZpbA==\a", "\x1b[2J\x1b[H", "\u009b31m",
		"日本語のラベル", "\u202eevil\u202c", "a\tb\nc\rd", "👩‍👩‍👧 family", "e\u0301\u0301\u0301", strings.Repeat("x", 300), "%"}
	fuzzLocs = []*time.Location{nil, time.UTC, time.FixedZone("IST", 5*3600+1800), time.FixedZone("odd", -(9*3600 + 17*60 + 3))}
)

// fuzzSpec builds a spec, a width and a height from fuzz input.
func fuzzSpec(data []byte) (Spec, int, int) {
	b := bytes(data)
	w, h := b.next()%230-2, b.next()%40-1
	flags := b.next()
	from := now.Add(time.Duration(b.next()-128) * time.Hour)
	dur := pick(&b, fuzzSpans)
	s := Spec{From: from, To: from.Add(dur), ASCII: flags&1 != 0, Location: pick(&b, fuzzLocs),
		Unit: pick(&b, fuzzLabels)}
	at := func() time.Time {
		// Mostly inside the window, sometimes far outside it.
		return from.Add(time.Duration(float64(dur) * (float64(b.next())/128 - 0.5)))
	}
	points := func() []model.Point {
		n := b.next() % 40
		if n == 39 {
			n = 3000
		}
		pts := make([]model.Point, n)
		for i := range pts {
			pts[i] = model.Point{T: at(), V: pick(&b, fuzzValues) * float64(b.next()%7)}
		}
		if flags&64 != 0 {
			for i := range pts {
				pts[i].T = from.Add(time.Duration(i) * time.Minute)
			}
		}
		return pts
	}
	for range b.next() % 4 {
		f := b.next()
		s.Series = append(s.Series, Series{Points: points(), Forecast: f&1 != 0, Step: f&2 != 0, Alt: f&4 != 0,
			Gap: time.Duration(f>>3) * time.Minute})
	}
	if flags&2 != 0 {
		s.Target = &Target{Value: pick(&b, fuzzValues), Label: pick(&b, fuzzLabels)}
	}
	if flags&4 != 0 {
		s.Band = Band{Lo: points(), Hi: points()}
	}
	if flags&8 != 0 {
		s.Scale = Scale{Fixed: true, Min: pick(&b, fuzzValues), Max: pick(&b, fuzzValues)}
	}
	s.Scale.Tight = flags&16 != 0
	for range b.next() % 5 {
		s.Annotations = append(s.Annotations, Annotation{T: at(), Label: pick(&b, fuzzLabels)})
	}
	if flags&32 != 0 {
		s.Inks = colourInks()
	}
	if flags&128 != 0 { // a sanitiser that makes things worse
		s.Sanitize = func(l string) string { return "\x1b[31m" + l + "\x07" }
	}
	return s, w, h
}

// FuzzRender: whatever the input, Render does not panic, returns exactly
// h lines of exactly w cells, and writes no control character but its
// own inks' escape sequences (none with the plain inks).
func FuzzRender(f *testing.F) {
	f.Add([]byte{60, 8, 0b0110, 128, 6, 3, 30})
	f.Add([]byte{20, 1, 0b100011, 128, 5, 1, 2, 38, 0, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{100, 12, 0b11111111, 100, 9, 2, 200, 3, 0, 39, 1, 4, 9, 11, 13})
	f.Add([]byte{3, 3, 0, 0, 0})
	f.Add([]byte{229, 39, 0b1000111, 140, 4, 7, 3, 25, 39})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, w, h := fuzzSpec(data)
		lines := Render(s, w, h)
		checkSize(t, lines, max(w, 0), max(h, 0))
		plain := len(data) < 3 || data[2]&32 == 0
		for i, l := range lines {
			if plain && strings.ContainsRune(l, '\x1b') {
				t.Fatalf("line %d holds an escape with plain inks: %q", i, l)
			}
			for _, r := range ansi.Strip(l) {
				if r != ' ' && !unicode.IsPrint(r) {
					t.Fatalf("line %d holds %U: %q", i, r, l)
				}
			}
		}
	})
}

// TestHostileLabels: labels with escapes, bidi overrides and wide runes
// are drawn as printable text at the right width.
func TestHostileLabels(t *testing.T) {
	s := cpuSpec(now.Add(-3*time.Hour), now.Add(time.Hour))
	s.Annotations = []Annotation{
		{T: now.Add(-2 * time.Hour), Label: "\x1b]52;c;ZXZpbA==\a日本語\u202e"},
		{T: now.Add(-30 * time.Minute), Label: "\x1b[2Jwipe"},
	}
	s.Unit = "\x9b31m%"
	s.Target.Label = "\x1b[5mblink"
	for _, w := range []int{20, 41, 80} {
		lines := Render(s, w, 8)
		checkSize(t, lines, w, 8)
		all := strings.Join(lines, "\n")
		if strings.ContainsAny(all, "\x1b\u009b\u202e\a") {
			t.Fatalf("a control character got through at width %d:\n%q", w, all)
		}
	}
	s.Sanitize = func(l string) string { return strings.ReplaceAll(l, "\x1b[2J", "") }
	if all := strings.Join(Render(s, 80, 8), "\n"); !strings.Contains(all, "▼ wipe") {
		t.Errorf("the caller's sanitiser was not used:\n%s", all)
	}
}
