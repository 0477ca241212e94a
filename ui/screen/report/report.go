// Package report is the :report screen: what `hoist report` prints (the
// fleet's utilisation, cost, scaling response, availability and
// performance while scaling, distribution per tier and group, charts,
// recommendations and cleanup) and, with :report incident, what `hoist
// report incident` records (the merged timeline, capacity and latency
// charts, the scaling responses, the window's cost against a week
// earlier, the actions whose outcome is unknown), drawn from the same
// model/insight values. w writes the same Markdown the command prints to
// a file under the state directory, for the ticket.
//
// The report is read by the root in a command (screen.ReadReport); the
// screen says it is reading until it arrives.
package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/keymap"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Name is the screen's name in the registry.
const Name = "report"

// Context is the key context of the report's bindings.
const Context = "report"

// Reach says how an operator gets to this screen's keys.
const Reach = "open a report (:report, or :report incident) first"

const section = "Report"

// Bindings are the keys of the report context.
var Bindings = []keymap.Spec{
	{Action: "report-next", Keys: []string{"tab"}, Help: "next section", Section: section, Context: Context},
	{Action: "report-prev", Keys: []string{"shift+tab"}, Help: "previous section", Section: section, Context: Context},
	{Action: "report-write", Keys: []string{"w"}, Help: "write the report's Markdown to a file for the ticket (says where)", Section: section, Context: Context},
	{Action: "report-kind", Keys: []string{"i"}, Help: "switch between the fleet report and the incident record", Section: section, Context: Context},
	{Action: "report-longer", Keys: []string{"]"}, Help: "report window longer", Section: section, Context: Context},
	{Action: "report-shorter", Keys: []string{"["}, Help: "report window shorter", Section: section, Context: Context},
}

// Contexts are the screen's key contexts.
var Contexts = []string{Context}

// The windows ] and [ step through.
var (
	fleetSpans    = []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour}
	incidentSpans = []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour}
)

// Default windows: hoist report's and hoist report incident's --since.
const (
	DefaultFleet    = 24 * time.Hour
	DefaultIncident = 2 * time.Hour
)

var table = screen.Moves((*Screen).move, (*Screen).page).With(screen.Table[*Screen]{
	"back":           {Run: func(*Screen, *screen.Env) tea.Msg { return intent.Pop{} }},
	"refresh":        {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.Load() }},
	"report-next":    {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.jump(1) }},
	"report-prev":    {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.jump(-1) }},
	"report-write":   {Run: (*Screen).write, Disabled: needReport},
	"report-kind":    {Run: (*Screen).toggle},
	"report-longer":  {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.step(1) }},
	"report-shorter": {Run: func(s *Screen, _ *screen.Env) tea.Msg { return s.step(-1) }},
})

// Screen is a report and where it is scrolled to.
type Screen struct {
	q       screen.ReadReport
	reading bool
	err     error
	fleet   *insight.FleetReport
	inc     *insight.Incident
	gen     int // counts the reports taken, for the document's cache

	w, h   int
	top    int // the first line shown
	doc    *screen.Doc
	docKey string
}

// Parse reads :report's arguments: "incident" for the incident record,
// and a window ("2h", "14d"); the defaults are hoist report's.
func Parse(args []string) (screen.ReadReport, error) {
	q := screen.ReadReport{}
	for _, a := range args {
		if a == "incident" {
			q.Incident = true
			continue
		}
		d, err := model.ParseSpan(a)
		if err != nil {
			return q, fmt.Errorf(":report takes incident and a window such as 2h or 14d; %q is %v", a, err)
		}
		q.Since = d
	}
	if q.Since == 0 {
		q.Since = DefaultFleet
		if q.Incident {
			q.Since = DefaultIncident
		}
	}
	return q, nil
}

// Arg is the argument New reads back into q: "incident 2h".
func Arg(q screen.ReadReport) string {
	if q.Incident {
		return "incident " + model.SpanString(q.Since)
	}
	return model.SpanString(q.Since)
}

// New is the report of region over arg (Arg's form), not read yet: Load
// asks for it.
func New(region, arg string) *Screen {
	q, err := Parse(strings.Fields(arg))
	if err != nil {
		q, _ = Parse(nil)
	}
	q.Region = region
	return &Screen{q: q, w: 80, h: 22}
}

// Region is the region the report is of: the screen reads its data.
func (s *Screen) Region() string { return s.q.Region }

// Name is the screen's name in the registry.
func (s *Screen) Name() string { return Name }

// Contexts: the report bindings.
func (s *Screen) Contexts() []string { return Contexts }

// Handles reports whether the screen runs action.
func (s *Screen) Handles(action string) bool { return table.Handles(action) }

// Disabled is why action cannot run now.
func (s *Screen) Disabled(env *screen.Env, action string) string {
	return table.Disabled(s, env, action)
}

// Query is the report the screen shows or is reading.
func (s *Screen) Query() screen.ReadReport { return s.q }

// Load asks the root to read the report; while one is being read it says
// so instead of asking again.
func (s *Screen) Load() tea.Msg {
	if s.reading {
		return intent.Status{Kind: intent.Info, Text: "still reading " + s.what() + " ..."}
	}
	s.reading = true
	return s.q
}

// Update runs an action, takes its size, or takes the report it asked for.
func (s *Screen) Update(env *screen.Env, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case screen.Action:
		return table.Run(s, env, msg.Name)
	case screen.Resized:
		s.w, s.h = msg.W, msg.H
	case screen.ReportRead:
		if msg.ReadReport != s.q || !s.reading {
			return nil
		}
		s.reading, s.err = false, msg.Err
		if msg.Err == nil {
			s.fleet, s.inc, s.top = msg.Fleet, msg.Incident, 0
			s.gen++
		}
	}
	return nil
}

// what names the report: "the fleet report of the last 24h".
func (s *Screen) what() string {
	if s.q.Incident {
		return "the incident record of the last " + model.SpanString(s.q.Since)
	}
	return "the fleet report of the last " + model.SpanString(s.q.Since)
}

// shown reports whether the report on screen is the one asked for (not
// one of another window or kind, kept while the new one is read).
func (s *Screen) shown() bool {
	return s.q.Incident && s.inc != nil || !s.q.Incident && s.fleet != nil
}

func needReport(s *Screen, _ *screen.Env) string {
	if !s.shown() {
		return "nothing to write yet: " + s.what() + " has not been read"
	}
	return ""
}

// write asks the root to write the Markdown hoist report prints.
func (s *Screen) write(*screen.Env) tea.Msg {
	span := model.SpanString(s.q.Since)
	if s.q.Incident {
		inc := *s.inc
		return screen.SaveReport{Name: "incident-" + span + "-" + stamp(inc.Generated),
			Render: func(loc *time.Location) string {
				return md.Incident(inc, md.Options{Location: loc, Sanitize: text.Printable})
			}}
	}
	r := *s.fleet
	return screen.SaveReport{Name: "report-" + span + "-" + stamp(r.Generated),
		Render: func(loc *time.Location) string {
			return md.Fleet(r, md.Options{Location: loc, Sanitize: text.Printable})
		}}
}

func stamp(t time.Time) string { return t.UTC().Format("20060102-1504") }

// toggle switches between the fleet report and the incident record, each
// at its default window.
func (s *Screen) toggle(*screen.Env) tea.Msg {
	s.q = screen.ReadReport{Region: s.q.Region, Incident: !s.q.Incident, Since: DefaultFleet}
	if s.q.Incident {
		s.q.Since = DefaultIncident
	}
	s.reading = false
	return s.Load()
}

// step moves the window to the next longer or shorter of its kind.
func (s *Screen) step(d int) tea.Msg {
	spans := fleetSpans
	if s.q.Incident {
		spans = incidentSpans
	}
	i := slices.IndexFunc(spans, func(x time.Duration) bool { return x >= s.q.Since })
	switch {
	case i < 0:
		i = len(spans) - 1
	case spans[i] != s.q.Since && d > 0:
		d = 0 // between two: the longer is the next
	}
	i = max(0, min(len(spans)-1, i+d))
	if spans[i] == s.q.Since {
		return intent.Status{Kind: intent.Info, Text: "the window is already " + model.SpanString(s.q.Since) + "; :report " + Arg(s.q) + " takes any"}
	}
	s.q.Since = spans[i]
	s.reading = false
	return s.Load()
}

func (s *Screen) page() int { return max(s.h-3, 1) }

func (s *Screen) move(_ *screen.Env, d int) tea.Msg {
	s.top = max(0, s.top+d)
	return nil
}

// jump scrolls to the next (or previous) section's heading.
func (s *Screen) jump(d int) tea.Msg {
	if s.doc == nil || len(s.doc.Sections) == 0 {
		return nil
	}
	secs := s.doc.Sections
	if d > 0 {
		for _, at := range secs {
			if at > s.top {
				s.top = at
				return nil
			}
		}
		s.top = secs[0]
		return nil
	}
	for i := len(secs) - 1; i >= 0; i-- {
		if secs[i] < s.top {
			s.top = secs[i]
			return nil
		}
	}
	s.top = secs[len(secs)-1]
	return nil
}

// Hints are the report's keys.
func (s *Screen) Hints(env *screen.Env) string {
	k := env.Keys.KeyOf
	other := "incident"
	if s.q.Incident {
		other = "fleet"
	}
	return " " + k("report-write") + " write  " + k("report-kind") + " " + other + "  " + k("report-shorter") + k("report-longer") +
		" window  " + k("report-next") + " next  " + k("back") + " back "
}
