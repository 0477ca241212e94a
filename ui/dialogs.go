package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
)

// dialog is a modal box over the main view. Dialogs are plain structs: the
// Model hands them keys and draws their lines; they change the Model only
// through the methods it gives them.
type dialog interface {
	title() string
	// lines are the dialog's body, each at most w cells, styled.
	lines(m *Model, w int) []string
	key(m *Model, k tea.KeyPressMsg) tea.Cmd
	edit() *lineEdit // the text field being typed into, if any
}

// --- confirm ---

// confirmDialog shows one absolute action before it is sent. It takes y or
// enter only once it has been on screen for its guard time: a second enter
// typed ahead, or a stray y, arrives within milliseconds of the dialog and
// must not send a change the operator has not seen. A confirming key within
// the guard is swallowed and the dialog says so; n and esc cancel at once.
type confirmDialog struct {
	action model.Action
	delta  float64
	reason lineEdit
	typing bool // the reason field has the keyboard
	// opened is when the Update that opened the dialog ran, on the
	// console's clock; guard is how long to wait from then.
	opened time.Time
	guard  time.Duration
	early  bool // a confirming key came within the guard and was swallowed
}

// ready reports whether the dialog has been on screen long enough for a
// confirming key to count.
func (d *confirmDialog) ready(now time.Time) bool { return now.Sub(d.opened) >= d.guard }

func (d *confirmDialog) title() string { return "Confirm" }
func (d *confirmDialog) edit() *lineEdit {
	if d.typing {
		return &d.reason
	}
	return nil
}

func (d *confirmDialog) lines(m *Model, w int) []string {
	st := &m.st
	a := d.action
	var out []string
	// The change is the point of confirming: it must never be cut off, so
	// a change too long for one line shows before and after on two.
	out = append(out, styled(st.Emph, Printable(a.Target()), w, m.g.Ellipsis))
	if change := m.arrows(Printable(model.Change(a.Before(), a.After()))); width(change)+7 <= w {
		out = append(out, styled(st.Emph, "change "+change, w, m.g.Ellipsis))
	} else {
		out = append(out, styled(st.Base, "before "+Printable(a.Before()), w, m.g.Ellipsis))
		out = append(out, styled(st.Emph, "after  "+Printable(a.After()), w, m.g.Ellipsis))
	}
	out = append(out, "")
	if a.Mutating() {
		delta := "no change in cost"
		switch {
		case d.delta > 0.00005:
			delta = fmt.Sprintf("+$%.4f/h  (+$%.2f a day)", d.delta, d.delta*24)
		case d.delta < -0.00005:
			delta = fmt.Sprintf("-$%.4f/h  (-$%.2f a day)", -d.delta, -d.delta*24)
		}
		out = append(out, styled(st.Base, "cost   "+delta, w, m.g.Ellipsis))
	}
	if m.snap != nil {
		where := m.snap.Region
		if m.snap.Identity.Account != "" {
			where = m.snap.Identity.Account + " " + where
		}
		if m.snap.Simulator {
			where += " (SIMULATOR)"
		}
		out = append(out, styled(st.Muted, "where  "+Printable(where), w, m.g.Ellipsis))
	}
	if d.typing {
		out = append(out, d.reason.render(st.Base, st.Cursor, "reason: ", w, m.g.Ellipsis))
	} else {
		out = append(out, styled(st.Base, "reason (tab to type, optional): "+d.reason.Value(), w, m.g.Ellipsis))
	}
	out = append(out, "")
	if d.early {
		out = append(out, wrapStyled(st.Warn, "too soon after it opened: nothing sent; press y again to send", w)...)
	}
	soon := ""
	if !d.ready(m.now()) {
		soon = " (in a moment)"
	}
	if d.typing {
		out = append(out, styled(st.KeyHint, "enter confirm"+soon+"   tab stop typing   esc cancel", w, m.g.Ellipsis))
	} else {
		out = append(out, styled(st.KeyHint, "y/enter confirm"+soon+"   n/esc cancel   tab reason", w, m.g.Ellipsis))
	}
	return out
}

func (d *confirmDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	s := k.String()
	switch {
	case s == "esc":
		m.dialog = nil
		m.setStatus(statusInfo, "cancelled: nothing sent")
		return nil
	case s == "tab":
		d.typing = !d.typing
		return nil
	case s == "enter", s == "y" && !d.typing:
		if !d.ready(m.now()) {
			d.early = true
			return nil
		}
		m.dialog = nil
		return m.run(d.action, strings.TrimSpace(d.reason.Value()))
	case s == "n" && !d.typing:
		m.dialog = nil
		m.setStatus(statusInfo, "cancelled: nothing sent")
		return nil
	}
	if d.typing {
		d.reason.key(k)
	}
	return nil
}

// --- input ---

// inputDialog asks for one line of text.
type inputDialog struct {
	head, prompt string
	field        lineEdit
	submit       func(m *Model, text string) tea.Cmd
}

func (d *inputDialog) title() string   { return d.head }
func (d *inputDialog) edit() *lineEdit { return &d.field }

func (d *inputDialog) lines(m *Model, w int) []string {
	st := &m.st
	out := wrapStyled(st.Base, Printable(d.prompt), w)
	out = append(out, "", d.field.render(st.Emph, st.Cursor, "> ", w, m.g.Ellipsis), "",
		styled(st.KeyHint, "enter ok   esc cancel   ctrl+u clear", w, m.g.Ellipsis))
	return out
}

func (d *inputDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.dialog = nil
		m.setStatus(statusInfo, "cancelled")
		return nil
	case "enter":
		m.dialog = nil
		return d.submit(m, d.field.Value())
	}
	d.field.key(k)
	return nil
}

// --- choice ---

type choice struct {
	key, label string
	fn         func(m *Model) tea.Cmd
}

// choiceDialog offers a few lettered choices.
type choiceDialog struct {
	head, prompt string
	choices      []choice
}

func (d *choiceDialog) title() string   { return d.head }
func (d *choiceDialog) edit() *lineEdit { return nil }

func (d *choiceDialog) lines(m *Model, w int) []string {
	st := &m.st
	out := wrapStyled(st.Base, Printable(d.prompt), w)
	out = append(out, "")
	for _, c := range d.choices {
		out = append(out, styled(st.KeyHint, c.key+"  ", 3, "")+styled(st.Base, c.label, w-3, m.g.Ellipsis))
	}
	out = append(out, "", styled(st.KeyHint, "esc cancel", w, m.g.Ellipsis))
	return out
}

func (d *choiceDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	s := k.String()
	if s == "esc" {
		m.dialog = nil
		m.setStatus(statusInfo, "cancelled")
		return nil
	}
	for _, c := range d.choices {
		if c.key == s {
			m.dialog = nil
			return c.fn(m)
		}
	}
	return nil
}

// --- suspend / resume checklist ---

type checklistDialog struct {
	group   string
	from    []string
	items   []string
	checked []bool
	cursor  int
}

func (d *checklistDialog) title() string {
	return "Suspend / resume processes of " + Printable(d.group)
}
func (d *checklistDialog) edit() *lineEdit { return nil }

func (d *checklistDialog) lines(m *Model, w int) []string {
	st := &m.st
	var out []string
	out = append(out, styled(st.Muted, "checked = suspended", w, m.g.Ellipsis))
	for i, p := range d.items {
		box := m.g.Uncheck
		if d.checked[i] {
			box = m.g.Check
		}
		was := ""
		if slices.Contains(d.from, p) != d.checked[i] {
			was = "  (changed)"
		}
		line := fmt.Sprintf("%s %s%s", box, p, was)
		s := st.Base
		mark := "  "
		if i == d.cursor {
			s = st.selected(st.Base)
			mark = m.g.Cursor + " "
		}
		out = append(out, styled(st.Base, mark, 2, "")+styled(s, line, w-2, m.g.Ellipsis))
	}
	out = append(out, "", styled(st.KeyHint, "space toggle  f freeze scaling  enter apply  esc cancel", w, m.g.Ellipsis))
	return out
}

func (d *checklistDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	switch k.String() {
	case "esc", "q":
		m.dialog = nil
		m.setStatus(statusInfo, "cancelled")
	case "up", "k":
		d.cursor = max(0, d.cursor-1)
	case "down", "j":
		d.cursor = min(len(d.items)-1, d.cursor+1)
	case "space", "x":
		d.checked[d.cursor] = !d.checked[d.cursor]
	case "f":
		for i, p := range d.items {
			if slices.Contains(model.FreezeScaling(), p) {
				d.checked[i] = true
			}
		}
	case "enter":
		var suspend, resume []string
		for i, p := range d.items {
			was := slices.Contains(d.from, p)
			switch {
			case d.checked[i] && !was:
				suspend = append(suspend, p)
			case !d.checked[i] && was:
				resume = append(resume, p)
			}
		}
		switch {
		case len(suspend) > 0 && len(resume) > 0:
			m.setStatus(statusWarn, "suspend and resume in two steps: first suspend %s, then resume %s",
				strings.Join(suspend, ","), strings.Join(resume, ","))
			return nil
		case len(suspend) > 0:
			m.dialog = nil
			return m.propose(model.SuspendProcesses{Group: d.group, Processes: suspend, From: d.from})
		case len(resume) > 0:
			m.dialog = nil
			return m.propose(model.ResumeProcesses{Group: d.group, Processes: resume, From: d.from})
		}
		m.dialog = nil
		m.setStatus(statusInfo, "%s: nothing to change", d.group)
	}
	return nil
}

// --- policies ---

type policiesDialog struct {
	group  string
	cursor int
}

func (d *policiesDialog) title() string   { return "Policies of " + Printable(d.group) }
func (d *policiesDialog) edit() *lineEdit { return nil }

func (d *policiesDialog) policies(m *Model) []model.Policy {
	g, ok := m.group(d.group)
	if !ok {
		return nil
	}
	return g.Policies
}

func (d *policiesDialog) lines(m *Model, w int) []string {
	st := &m.st
	ps := d.policies(m)
	if len(ps) == 0 {
		return []string{styled(st.Muted, "no scaling policies", w, m.g.Ellipsis), "", styled(st.KeyHint, "esc close", w, "")}
	}
	var out []string
	for i, p := range ps {
		state := "enabled"
		if !p.Enabled {
			state = "DISABLED"
		}
		line := fmt.Sprintf("%s  %s  %s", Printable(p.Name), shortPolicyType(p.Type), state)
		detail := strings.Join(policyDetails(p), ", ")
		mark, s := "  ", st.Base
		if i == d.cursor {
			mark, s = m.g.Cursor+" ", st.selected(st.Emph)
		}
		out = append(out, styled(st.Base, mark, 2, "")+styled(s, line, w-2, m.g.Ellipsis))
		out = append(out, styled(st.Muted, "    "+detail, w, m.g.Ellipsis))
	}
	k := func(a string) string { return m.keys.keyOf(a) }
	out = append(out, "", styled(st.KeyHint, fmt.Sprintf("%s target  %s scale-in  %s enable/disable  %s execute  %s delete  esc close",
		k("policy-target"), k("policy-scale-in"), k("policy-enable"), k("policy-execute"), k("policy-delete")), w, m.g.Ellipsis))
	return out
}

func (d *policiesDialog) key(m *Model, k tea.KeyPressMsg) tea.Cmd {
	n := len(d.policies(m))
	switch k.String() {
	case "esc", "q":
		m.dialog = nil
		return nil
	case "up", "k":
		d.cursor = max(0, d.cursor-1)
		return nil
	case "down", "j":
		d.cursor = max(0, min(n-1, d.cursor+1))
		return nil
	}
	cmd, _ := m.runBinding(ctxPolicies, k.String())
	return cmd
}

func shortPolicyType(t string) string {
	switch t {
	case model.PolicyTargetTracking:
		return "target-tracking"
	case model.PolicyStep:
		return "step"
	case model.PolicySimple:
		return "simple"
	case model.PolicyPredictive:
		return "predictive"
	}
	return Printable(t)
}
