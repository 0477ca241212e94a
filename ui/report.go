package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
	"github.com/solemate/hoist/ui/screen/insights"
	"github.com/solemate/hoist/ui/screen/report"
)

// The reports in the console (issue 14): :report opens what `hoist
// report` prints as a screen, :insights the recommendations, cleanup and
// capacity planning. Reading a report blocks and writing one is a file,
// so both are commands here; the screens only ask (screen.ReadReport,
// screen.SaveReport). A recommendation or a capacity plan is applied as
// one list of actions under one guarded confirm (intent.ProposeList).

// reportTimeout bounds one report read: a fortnight of metrics for a
// large fleet is many GetMetricData pages.
const reportTimeout = 3 * time.Minute

type (
	reportSavedMsg struct {
		path string
		err  error
	}
	// listDoneMsg is the end of a list of actions: done were sent and
	// succeeded; failed (when err is set) is the one that did not, and
	// the rest were not sent.
	listDoneMsg struct {
		actions []model.Action
		region  string
		reason  string
		done    int
		err     error
	}
)

// applyReport carries out the report screens' requests; false for a
// request that is not one of theirs.
func (m *Model) applyReport(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case screen.ReadReport:
		return m.readReport(msg), true
	case screen.SaveReport:
		return m.saveReport(msg), true
	case intent.ProposeList:
		return m.proposeList(msg), true
	case dialog.ConfirmedList:
		m.overlay.Clear()
		return m.runList(msg.Actions, msg.Region, msg.Reason), true
	case intent.Tell:
		for _, s := range m.stack {
			if s.Name() == msg.Screen {
				return m.apply(s.Update(m.env(), msg.Msg)), true
			}
		}
		return nil, true
	}
	return nil, false
}

// updateReport takes the results of the report commands; nil for a
// message that is not one of them.
func (m *Model) updateReport(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case screen.ReportRead:
		m.onReportRead(msg)
	case reportSavedMsg:
		if msg.err != nil {
			m.setStatus(intent.Err, "could not write the report: %v", msg.err)
		} else {
			m.setStatus(intent.OK, "wrote %s (Markdown: paste it into the ticket)", msg.path)
		}
	case listDoneMsg:
		return m.onListDone(msg)
	}
	return nil
}

// openReport opens :report with its arguments ("incident", a window), of
// the region the screen on top is about.
func (m *Model) openReport(args []string) tea.Cmd {
	q, err := report.Parse(args)
	if err != nil {
		m.setStatus(intent.Err, "%v", err)
		return nil
	}
	q.Region = m.focus()
	if s, ok := m.top().(*report.Screen); ok && s.Query() == q {
		return m.apply(s.Load())
	}
	cmd := m.push(report.Name, q.Region, report.Arg(q))
	if s, ok := m.top().(*report.Screen); ok {
		return tea.Batch(cmd, m.apply(s.Load()))
	}
	return cmd
}

func (m *Model) readReport(q screen.ReadReport) tea.Cmd {
	what := "the fleet report"
	if q.Incident {
		what = "the incident record"
	}
	region := m.orFocus(q.Region)
	m.setStatus(intent.Info, "reading %s of the last %s%s ...", what, model.SpanString(q.Since), screen.InRegion(m.env(), region))
	b := m.backend
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), reportTimeout)
		defer cancel()
		out := screen.ReportRead{ReadReport: q}
		if q.Incident {
			inc, err := b.IncidentReport(ctx, region, q.Since)
			out.Incident, out.Err = &inc, err
		} else {
			r, err := b.FleetReport(ctx, region, q.Since)
			out.Fleet, out.Err = &r, err
		}
		return out
	}
}

// onReportRead gives a report to the screens open (the one that asked
// takes it) and says how the read went.
func (m *Model) onReportRead(msg screen.ReportRead) {
	env := m.env()
	for _, s := range m.stack {
		m.apply(s.Update(env, msg))
	}
	if msg.Err != nil {
		m.setStatus(intent.Err, "could not read the report: %v", msg.Err)
		return
	}
	if m.status != "" && strings.HasPrefix(m.status, "reading ") {
		m.setStatus(intent.Info, "")
	}
}

// saveReport renders the report's Markdown and writes it to a new file
// under the report directory, in a command.
func (m *Model) saveReport(s screen.SaveReport) tea.Cmd {
	dir, loc := m.opts.ReportDir, m.opts.Location
	if dir == "" {
		m.setStatus(intent.Err, "no state directory to write reports to ($XDG_STATE_HOME or a home directory)")
		return nil
	}
	m.setStatus(intent.Info, "writing the report ...")
	return func() tea.Msg {
		path, err := writeNew(dir, s.Name, []byte(s.Render(loc)))
		return reportSavedMsg{path: path, err: err}
	}
}

// writeNew writes data to dir/name.md, or name-2.md and so on when that
// exists: a report written twice keeps both. The directory is made 0700
// and the file 0600, as the journal's: a report names the account.
func writeNew(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	for i := 1; i < 100; i++ {
		path := filepath.Join(dir, name+".md")
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d.md", name, i))
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		return path, f.Close()
	}
	return "", fmt.Errorf("%s has 99 reports named %s already", dir, name)
}

// openInsights goes to the insights: back to them when they are open
// below (over the same window), else a new screen on top that reads them.
func (m *Model) openInsights(args []string) tea.Cmd {
	arg, err := insights.Parse(args)
	if err != nil {
		m.setStatus(intent.Err, "%v", err)
		return nil
	}
	want, _ := model.ParseSpan(arg)
	region := m.focus()
	for i, s := range m.stack {
		if is, ok := s.(*insights.Screen); ok {
			m.stack = m.stack[:i]
			if (is.Since() == want || len(args) == 0) && is.Region() == region {
				m.stack = append(m.stack, is)
				return nil
			}
			break
		}
	}
	cmd := m.push(insights.Name, region, arg)
	if s, ok := m.top().(*insights.Screen); ok {
		return tea.Batch(cmd, m.apply(s.Load()))
	}
	return cmd
}
