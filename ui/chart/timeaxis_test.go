package chart

import (
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // DST zones, whatever the machine has installed
)

func labels(ts []tick) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.label)
	}
	return out
}

func TestTimeTicks(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ist := time.FixedZone("IST", 5*3600+1800)
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		cols     int
		loc      *time.Location
		want     []string
	}{
		{"15 minutes", utc("2025-03-14T14:45:00Z"), utc("2025-03-14T15:00:00Z"), 60, time.UTC,
			[]string{"14:45", "14:50", "14:55"}},
		{"hours in a half-hour zone are on its hours", utc("2025-03-14T12:00:00Z"), utc("2025-03-14T16:00:00Z"), 56, ist,
			[]string{"18:00", "19:00", "20:00", "21:00"}},
		{"midnight shows the date", utc("2025-03-13T15:00:00Z"), utc("2025-03-14T21:00:00Z"), 56, time.UTC,
			[]string{"18:00", "Mar 14", "06:00", "12:00", "18:00"}},
		{"a fortnight in days", utc("2025-03-01T00:00:00Z"), utc("2025-03-15T00:00:00Z"), 60, time.UTC,
			[]string{"Mar 3", "Mar 10"}}, // Mondays
		{"a year in months", utc("2025-01-01T00:00:00Z"), utc("2026-01-01T00:00:00Z"), 60, time.UTC,
			[]string{"Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025"}},
		{"seconds", utc("2025-03-14T15:00:00Z"), utc("2025-03-14T15:01:00Z"), 60, time.UTC,
			[]string{"15:00:00", "15:00:15", "15:00:30", "15:00:45"}},
		// 2025-03-09 02:00 EST does not exist; 2025-11-02 01:00 EDT happens twice.
		{"spring forward", utc("2025-03-09T05:00:00Z"), utc("2025-03-09T09:00:00Z"), 40, ny,
			[]string{"Mar 9", "01:00", "03:00", "04:00"}},
		{"fall back", utc("2025-11-02T04:00:00Z"), utc("2025-11-02T09:00:00Z"), 50, ny,
			[]string{"Nov 2", "01:00", "02:00", "03:00"}}, // the second 01:00 is skipped
	} {
		t.Run(c.name, func(t *testing.T) {
			w, _ := newWindow(c.from, c.to, c.cols)
			ts := timeTicks(w, c.loc)
			if got := labels(ts); !slices.Equal(got, c.want) {
				t.Errorf("labels %q, want %q", got, c.want)
			}
			for i := 1; i < len(ts); i++ {
				if ts[i].col <= ts[i-1].col {
					t.Errorf("ticks out of order: %+v", ts)
				}
			}
		})
	}
}

// TestTimeAxisRow checks the labels land under their ticks in the drawn
// chart, one blank cell at least between them.
func TestTimeAxisRow(t *testing.T) {
	spec := Spec{From: now.Add(-time.Hour), To: now, Series: []Series{{Points: minutes(now.Add(-time.Hour), 3, span0(60)...)}}}
	lines := Render(spec, 64, 12)
	rule, row := []rune(lines[10]), lines[11]
	for x, r := range rule {
		if r == '┬' && row[x] == ' ' && (x == 0 || row[x-1] == ' ') && (x+1 >= len(row) || row[x+1] == ' ') {
			t.Errorf("tick at %d has no label under it:\n%s\n%s", x, lines[10], row)
		}
	}
	if strings.Contains(row, "::") || !strings.Contains(row, "14:30") {
		t.Errorf("labels %q", row)
	}
}
