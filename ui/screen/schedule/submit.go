package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/screen"
)

// spec is the action the values describe, in its zone; a time that
// cannot be read is the error.
func (c *formCtx) spec(vs form.Values, v func(form.Values, string) string) (model.ScheduleSpec, *time.Location, error) {
	loc := c.zones[v(vs, "zone")]
	if loc == nil {
		loc = time.UTC
	}
	sp := model.ScheduleSpec{Name: strings.TrimSpace(v(vs, "name"))}
	var err error
	if v(vs, "kind") == "once" {
		sp.Start, err = stamp("start", v(vs, "start"), loc)
		if err == nil && sp.Start == "" {
			err = errors.New("start: say when it runs, such as 2026-12-24 18:00")
		}
	} else {
		sp.Recurrence = strings.Join(strings.Fields(v(vs, "cron")), " ")
		sp.TimeZone = v(vs, "zone")
		if sp.Start, err = stamp("from", v(vs, "first"), loc); err == nil {
			sp.End, err = stamp("until", v(vs, "until"), loc)
		}
	}
	for _, k := range []struct {
		key string
		dst **int
	}{{"min", &sp.Min}, {"desired", &sp.Desired}, {"max", &sp.Max}} {
		*k.dst, _ = screen.OptInt(v(vs, k.key))
	}
	return sp, loc, err
}

// stamp reads a time typed as RFC 3339, or as a date and a time of day in
// loc, and writes it as AWS takes it (RFC 3339 in UTC); "" stays "".
func stamp(what, s string, loc *time.Location) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(time.RFC3339), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC().Format(time.RFC3339), nil
		}
	}
	return "", fmt.Errorf("%s %q is not a time such as 2026-12-24 18:00 or 2026-12-24T18:00:00Z", what, s)
}

// action is the PutScheduled the values make, with the lines the
// confirm shows: the next five runs in the zone and in UTC, and warnings.
func (c *formCtx) action(sp model.ScheduleSpec, loc *time.Location, err error) (model.PutScheduled, []string, error) {
	if err != nil {
		return model.PutScheduled{}, nil, err
	}
	a := model.PutScheduled{Group: c.group.Name, From: c.from, To: sp, Zone: loc, Now: c.now}
	runs, err := sp.Runs(loc, c.now, 5)
	if err != nil {
		return a, nil, errors.New(screen.Rule(err))
	}
	lines := RunLines(runs, loc)
	for _, w := range model.ScheduleWarnings(sp, c.group) {
		lines = append(lines, "warning: "+w)
	}
	return a, lines, nil
}

// preview is the change and the next runs, or why it would never run.
func (c *formCtx) preview(sp model.ScheduleSpec, loc *time.Location, err error) ([]string, error) {
	a, lines, err := c.action(sp, loc, err)
	if err != nil {
		return nil, err
	}
	head := "new: " + sp.Summary()
	if c.from != nil {
		head = "changes: " + screen.ChangesLine(a.Changes())
		if len(a.Changes()) == 0 {
			head = "no change yet"
		}
	}
	return append([]string{head}, lines...), nil
}

// submit proposes the action with its runs, or says what AWS would
// refuse (the form stays under the confirm).
func (c *formCtx) submit(sp model.ScheduleSpec, loc *time.Location, err error) (tea.Msg, error) {
	a, lines, err := c.action(sp, loc, err)
	if err != nil {
		return nil, err
	}
	switch err := model.Validate(a, c.readOnly); {
	case errors.Is(err, model.ErrNoChange):
		return nil, errors.New("this is the scheduled action as it is: nothing to change")
	case err != nil:
		return nil, errors.New(screen.Rule(err))
	}
	return intent.Propose{Action: a, Notes: lines}, nil
}
