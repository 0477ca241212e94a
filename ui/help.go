package ui

import (
	"strings"
)

// helpLines is the full help, generated from the key map, so it always
// says what the keys do.
func (m *Model) helpLines(w, h int) []string {
	st := &m.st
	var all []string
	section := ""
	for _, b := range m.keys.Bindings {
		if b.Section != section {
			section = b.Section
			if len(all) > 0 {
				all = append(all, "")
			}
			all = append(all, styled(st.TierHeading, section, w, ""))
		}
		keys := strings.Join(b.Keys, " ")
		l := m.newLine(w)
		l.col(st.KeyHint, "  "+keys, 16)
		l.add(st.Base, b.Help)
		if b.Mutating {
			l.add(st.Warn, " [changes AWS, confirmed]")
		}
		if b.Mutating && m.readOnly {
			l.add(st.Subtle, " (disabled: read-only)")
		}
		all = append(all, l.String())
	}
	all = append(all, "", styled(st.TierHeading, "Counts and commands", w, ""),
		styled(st.Base, "  a number before + or - scales by that many: 5+ adds five", w, m.g.Ellipsis),
		styled(st.Base, "  :region NAME  :profile NAME  :tier NAME (none: all)  :theme NAME  :readonly (on only)", w, m.g.Ellipsis),
		styled(st.Base, "  dialogs: y or enter confirm, n or esc cancel, tab types a reason for the journal", w, m.g.Ellipsis),
		"", styled(st.TierHeading, "Group flags", w, ""),
		styled(st.Base, "  ACTING   an action of yours is in flight", w, m.g.Ellipsis),
		styled(st.Base, "  MAX      desired is at max: it cannot scale out", w, m.g.Ellipsis),
		styled(st.Base, "  SCALING  an activity is in progress, or in service differs from desired", w, m.g.Ellipsis),
		styled(st.Base, "  FROZEN   AlarmNotification and ScheduledActions suspended (+n: more processes)", w, m.g.Ellipsis),
		styled(st.Base, "  SUSPn    n processes suspended (S shows which)", w, m.g.Ellipsis),
		"", styled(st.Muted, "any other key closes this help; j/k scroll", w, ""))
	start := max(0, min(m.helpScroll, len(all)-h))
	end := min(len(all), start+h)
	return all[start:end]
}

// HelpText is the key map as plain text, for the README and a CI check
// that the documented keys match the bindings.
func HelpText() string {
	var b strings.Builder
	section := ""
	for _, k := range defaultBindings() {
		if k.Section != section {
			section = k.Section
			b.WriteString("\n" + section + "\n")
		}
		mut := ""
		if k.Mutating {
			mut = "  [mutating]"
		}
		b.WriteString("  " + padRight(strings.Join(k.Keys, " "), 14) + padRight(k.Action, 16) + k.Help + mut + "\n")
	}
	return strings.TrimPrefix(b.String(), "\n")
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}
