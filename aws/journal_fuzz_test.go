package aws

import (
	"bytes"
	"testing"
	"time"

	"github.com/solemate/hoist/model"
)

// FuzzParseJournal feeds the journal reader damaged files: torn lines,
// binary junk, JSON of the wrong shape, huge fields. It must never panic,
// and what it returns must be well formed and accounted for.
func FuzzParseJournal(f *testing.F) {
	for _, seed := range []string{
		"",
		`{"id":"a","time":"2026-11-27T03:00:00Z","phase":"intent","kind":"set-desired","target":"web","before":"desired 4","after":"desired 5"}` + "\n",
		`{"id":"a","time":"2026-11-27T03:00:00Z","phase":"intent","target":"web"}` + "\n" + `{"id":"a","time":"2026-11-27T03:00:01Z","phase":"outcome","result":"ok","target":"web"}` + "\n",
		`{"id":"a","time":"2026-11-27T03:00:00Z","phase":"intent","target":"web"}` + "\n" + `{"id":"b","ti`,
		"\x00\xff\xfe garbage\n\n   \n{}\n[]\nnull\n",
		`{"id":"x","phase":"outcome","time":"not a time"}` + "\n",
		`{"id":"\u001b]52;c;AAAA\u0007","phase":"intent","target":"\u202eweb"}` + "\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, skipped, err := ParseJournal(bytes.NewReader(data), time.Time{})
		if err != nil {
			t.Fatalf("an in-memory reader cannot fail, got %v", err)
		}
		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines++
			}
		}
		// Every non-empty line becomes at most one thing: an entry or a
		// skip. (Entries older than since are neither; with the zero time
		// there are none, so the bound is loose only for them.)
		if skipped < 0 || len(entries)+skipped > lines {
			t.Fatalf("%d entries + %d skipped > %d non-empty lines", len(entries), skipped, lines)
		}
		for _, e := range entries {
			if e.ID == "" || e.Phase == "" {
				t.Fatalf("an entry without id or phase came through: %+v", e)
			}
		}
		for _, a := range model.PairJournal(entries) {
			_ = a.Status()
			_ = a.NeedsVerify()
		}
	})
}
