package ui

import (
	"errors"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/internal/fixture"
)

// fuzzKeys are the keys the fuzzer presses: every default binding's keys,
// dialog keys, digits and a few odd ones.
var fuzzKeys = func() []string {
	ks := []string{"enter", "esc", "tab", "shift+tab", "up", "down", "backspace", "space", "ctrl+u",
		"y", "n", "0", "1", "2", "5", "9", "x", "f", "z", "é", "日", "🚀", "\x1b", "\x00"}
	for _, b := range allSpecs() {
		ks = append(ks, b.Keys...)
	}
	return ks
}()

var (
	fuzzSnap    = fixture.Snapshot(fixture.Now, 0)
	fuzzHostile = fixture.Hostile(fixture.Now)
)

// FuzzUpdate drives Update and View with random keys, window sizes,
// snapshots and action results: nothing may panic and every frame must be
// exactly the window's size. The seed corpus in testdata/fuzz/FuzzUpdate
// runs as a normal test.
func FuzzUpdate(f *testing.F) {
	f.Add([]byte{0xF0, 120, 40, 1, 2, 3})
	f.Add([]byte("5+y=7\rL\r"))
	f.Add([]byte("+\xeby=7\r\r\xeb\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 512 {
			data = data[:512]
		}
		b := &fixture.Backend{}
		m := New(b, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC, ASCII: len(data) > 0 && data[0]&1 == 1})
		w, h := 120, 40
		m.Update(tea.WindowSizeMsg{Width: w, Height: h})
		m.Update(SnapshotMsg{Snapshot: fuzzSnap})
		gen := uint64(1)
		for i := 0; i < len(data); i++ {
			c := data[i]
			switch {
			case c >= 0xF0 && i+2 < len(data):
				w, h = int(data[i+1])%230, int(data[i+2])%80
				i += 2
				m.Update(tea.WindowSizeMsg{Width: w, Height: h})
			case c == 0xEF:
				gen++
				s := fuzzSnap
				if gen%2 == 0 {
					s = fuzzHostile
				}
				s.Generation = gen
				m.Update(SnapshotMsg{Snapshot: s})
			case c == 0xEE:
				m.Update(actionDoneMsg{id: 1, action: model.SetDesired{Group: "web-prod", Desired: 3},
					err: &model.ConflictError{What: "desired", Saw: "1", Now: "2"}})
			case c == 0xED:
				m.Update(actionDoneMsg{id: 2, action: model.Acknowledge{Alert: "x", Since: fixture.Now}, err: errors.New("boom")})
			case c == 0xEB:
				later(m, m.opts.ConfirmGuard) // the operator reads the dialog
			case c == 0xEC:
				m.Update(journalLoadedMsg{actions: []model.JournalAction{{Intent: model.JournalEntry{ID: "j", Kind: model.KindSetDesired, Target: "web-prod"}}}})
			case c >= 0x20 && c < 0x7f && c != '\r':
				m.Update(key(string(rune(c))))
			case c == '\r':
				m.Update(key("enter"))
			default:
				m.Update(key(fuzzKeys[int(c)%len(fuzzKeys)]))
			}
			checkFrame(t, m.View().Content, w, h)
		}
		if b.CallCount() != 0 {
			t.Fatal("Update or View called the backend")
		}
	})
}

// BenchmarkView measures one full frame at 200x60.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{10, 200, 1000} {
		b.Run(itoa(n), func(b *testing.B) {
			s := fixture.Snapshot(fixture.Now, max(n-12, 0))
			if n < len(s.Groups) {
				s.Groups = s.Groups[:n]
			}
			m := New(&fixture.Backend{}, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			m.Update(SnapshotMsg{Snapshot: s})
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkSnapshot measures taking a snapshot (alerts, rows, cost) at 1,000 groups.
func BenchmarkSnapshot(b *testing.B) {
	s := fixture.Snapshot(fixture.Now, 988)
	m := New(&fixture.Backend{}, Options{Clock: func() time.Time { return fixture.Now }, Location: time.UTC})
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	b.ReportAllocs()
	for b.Loop() {
		s.Generation++
		m.Update(SnapshotMsg{Snapshot: s})
	}
}

func itoa(n int) string {
	return map[int]string{10: "groups=10", 200: "groups=200", 1000: "groups=1000"}[n]
}
