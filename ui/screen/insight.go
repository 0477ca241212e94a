package screen

import (
	"fmt"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	md "github.com/solemate/hoist/report"
)

// Recommendation adds a recommendation as the report and the insights
// screen show it: its number and title (none for n < 0: the caller wrote
// it), the saving a month (or what it is for), whether it is held back
// and why, its evidence with the metric and window, its risk in a
// sentence, and the changes it implies.
func (d *Doc) Recommendation(n int, r insight.Recommendation) {
	st := &d.env.St
	if n >= 0 {
		d.Text(st.Emph, fmt.Sprintf("%d. %s", n, r.Title))
	}
	const kw = 9
	switch {
	case r.HeldBack != "":
		d.Pair("held back", kw, st.Warn, r.HeldBack+": nothing that cuts capacity until it holds")
	case r.SavingPerMonth > 0:
		d.Pair("saves", kw, st.OK, md.Money(r.SavingPerMonth)+" a month")
	case r.Benefit != "":
		d.Pair("for", kw, st.Info, "speed, not cost: "+r.Benefit)
	}
	for _, e := range r.Evidence {
		d.Pair("evidence", kw, st.Base, fmt.Sprintf("%s, %s: %s", e.Metric, model.SpanString(e.Window.Duration()), e.Finding))
	}
	d.Pair("risk", kw, st.Base, r.Risk)
	for i, c := range r.Changes {
		key := ""
		if i == 0 {
			key = "change"
		}
		d.Pair(key, kw, st.Info, d.env.Arrows(c.String()))
	}
}

// Cleanup adds the cleanup findings: what is unused, the evidence, what
// removing it would save, and the change a plan would make. Nothing is
// deleted from here.
func (d *Doc) Cleanup(fs []insight.Finding) {
	st := &d.env.St
	d.Text(st.Muted, "Reported only: nothing is deleted without a plan.")
	if len(fs) == 0 {
		d.Text(st.Muted, "Nothing unused found.")
		return
	}
	var rows [][]Cell
	for _, f := range fs {
		saving := "–"
		if f.SavingPerMonth > 0 {
			saving = md.Money(f.SavingPerMonth)
		}
		rows = append(rows, []Cell{{st.Warn, f.Kind}, {st.Emph, f.Resource}, {st.Base, f.Evidence}, {st.Base, saving}})
	}
	d.Table([]Column{{Head: "FINDING", Flex: true}, {Head: "RESOURCE", Flex: true}, {Head: "EVIDENCE", Flex: true}, {Head: "A MONTH", Right: true}}, rows)
}
