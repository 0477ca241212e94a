package report

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/ui/chart"
)

// Options shape a rendering.
type Options struct {
	// Location is the zone times are written in; nil is UTC.
	Location *time.Location
	// Width is the width of the charts in cells (default 60).
	Width int
	// Sanitize cleans every string that came from AWS; pass ui.Printable.
	Sanitize func(string) string
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

func (o Options) width() int {
	if o.Width <= 0 {
		return 60
	}
	return o.Width
}

// clean is an untrusted string made safe for a terminal: Sanitize, then a
// guard that drops any control character or bidi override left.
func (o Options) clean(s string) string {
	if o.Sanitize != nil {
		s = o.Sanitize(s)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0xfeff:
			return -1
		}
		return r
	}, s)
}

// cell is an untrusted string for a Markdown table cell.
func (o Options) cell(s string) string {
	return strings.ReplaceAll(o.clean(s), "|", `\|`)
}

// code is an untrusted string inside `code`: backticks cannot end it.
func (o Options) code(s string) string {
	return "`" + strings.ReplaceAll(o.clean(s), "`", "'") + "`"
}

// money renders dollars: $1,234.56, $0.42, $0.0031.
func money(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	if v != 0 && v < 0.01 {
		return fmt.Sprintf("%s$%.4f", sign, v)
	}
	cents := int64(math.Round(v * 100))
	return fmt.Sprintf("%s$%s.%02d", sign, thousands(cents/100), cents%100)
}

// thousands writes n with commas: 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// number renders a count or measure: 1,234 or 12.5.
func number(v float64) string {
	if math.Abs(v) >= 100 || v == math.Trunc(v) {
		return thousands(int64(math.Round(v)))
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
}

func dur(d time.Duration) string { return model.ShortDuration(d) }

func (o Options) when(t time.Time) string { return t.In(o.loc()).Format("2006-01-02 15:04") }

func (o Options) clock(t time.Time) string { return t.In(o.loc()).Format("15:04:05") }

func (o Options) zone() string {
	name, _ := time.Unix(0, 0).In(o.loc()).Zone()
	if o.loc() == time.UTC {
		return "UTC"
	}
	return name
}

// windowLine names a window: "2026-11-13 10:00 to 2026-11-27 10:00 UTC (14d00h)".
func (o Options) windowLine(w insight.Window) string {
	return fmt.Sprintf("%s to %s %s (%s)", o.when(w.From), o.when(w.To), o.zone(), dur(w.Duration()))
}

func (o Options) source(s insight.Source, generated time.Time) string {
	where := o.clean(strings.TrimSpace(s.Account + " " + s.Region))
	if s.Simulator {
		where = "SIMULATOR " + where
	}
	return fmt.Sprintf("%s · generated %s %s", where, o.when(generated), o.zone())
}

// table writes a Markdown table; align holds "l" or "r" per column.
func table(b *strings.Builder, head []string, align string, rows [][]string) {
	b.WriteString("| " + strings.Join(head, " | ") + " |\n|")
	for i := range head {
		if i < len(align) && align[i] == 'r' {
			b.WriteString("--:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteByte('\n')
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	b.WriteByte('\n')
}

func pct(share float64) string { return insight.Percent(share) }

func served(s insight.Served) string {
	if !s.Known {
		return "–"
	}
	if s.Requests == 0 {
		return "no requests"
	}
	return pct(s.Share)
}

func latency(l insight.LatencyStats) string {
	if l.Periods == 0 {
		return "–"
	}
	return number(l.Median) + " ms"
}

func dist(d insight.Dist) string {
	if !d.Known {
		return "–"
	}
	return fmt.Sprintf("%s / %s / %s%%", number(d.P50), number(d.P95), number(d.Max))
}

// spark is one series as a labelled sparkline row: the label, the
// blocks (ui/chart's sparkline, no inks), and the range it spans.
func (o Options) spark(label string, pts []model.Point, w insight.Window, unit string, step bool) string {
	width := o.width()
	line := chart.Render(chart.Spec{From: w.From, To: w.To, Series: []chart.Series{{Points: pts, Step: step}},
		Scale: chart.Scale{Tight: true}, Location: o.loc(), Sanitize: o.Sanitize}, width, 1)[0]
	lo, hi, ok := span(pts, w)
	rng := "no data"
	if ok {
		rng = number(lo) + "–" + number(hi) + unit
	}
	return fmt.Sprintf("%-10s %s  %s", label, line, rng)
}

func span(pts []model.Point, w insight.Window) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if w.Contains(p.T) && !math.IsNaN(p.V) && !math.IsInf(p.V, 0) {
			lo, hi, ok = math.Min(lo, p.V), math.Max(hi, p.V), true
		}
	}
	return lo, hi, ok
}

// axisLine is the sparklines' time axis: the window's ends under them.
func (o Options) axisLine(w insight.Window) string {
	from, to := o.when(w.From), o.when(w.To)+" "+o.zone()
	gap := max(1, o.width()-len(from)-len(to))
	return strings.Repeat(" ", 11) + from + strings.Repeat(" ", gap) + to
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
