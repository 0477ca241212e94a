package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/solemate/hoist/aws"
	"github.com/solemate/hoist/model"
)

func (a *app) statusCommand() *cobra.Command {
	var asJSON bool
	var group, tier string
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Print one snapshot of every group",
		Long: `Print one snapshot of every group: min/desired/max, instances in service,
pending and unhealthy, target health, alarms in ALARM and cost per hour.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if group != "" && tier != "" {
				return usagef("--group and --tier both narrow the list: choose one")
			}
			c, err := a.connectRegions(cmd.Context())
			if err != nil {
				return err
			}
			defer c.Close()
			snaps, err := fetchStatus(cmd.Context(), c.sessions, group, tier)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asJSON && len(snaps) == 1:
				return writeJSON(out, statusJSON(&snaps[0], group != ""), "  ")
			case asJSON:
				return writeJSON(out, regionsJSON(snaps, group != ""), "  ")
			}
			for i := range snaps {
				if i > 0 {
					fmt.Fprintln(out)
				}
				if err := statusTable(out, &snaps[i], terminalWidth(a.stdout), time.Now(), group != ""); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	cmd.Flags().StringVar(&group, "group", "", "only this group (with its target health)")
	cmd.Flags().StringVar(&tier, "tier", "", "only groups of this tier")
	return cmd
}

// fetchStatus reads one snapshot per session, at the same time, narrowed
// to group or tier. Every group is a row; host counts come from the load
// balancer metrics, exact target health only for --group
// (DescribeTargetHealth has no batch form). A --group must exist in one
// of the regions.
func fetchStatus(ctx context.Context, sessions []*aws.Session, group, tier string) ([]model.Snapshot, error) {
	v := model.Visible{Selected: group, All: true,
		Overview: []model.Metric{model.MetricCPU, model.MetricHealthy, model.MetricUnhealthy}}
	snaps := make([]model.Snapshot, len(sessions))
	errs := make([]error, len(sessions))
	var wg sync.WaitGroup
	for i, s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i], errs[i] = s.Fetch(ctx, v)
		}()
	}
	wg.Wait()
	found := false
	for i := range snaps {
		if errs[i] != nil {
			if len(snaps) > 1 {
				return nil, fmt.Errorf("%s: %w", sessions[i].Region(), errs[i])
			}
			return nil, errs[i]
		}
		_, ok := snaps[i].Group(group)
		found = found || ok
		narrow(&snaps[i], group, tier)
	}
	if group != "" && !found {
		return nil, fmt.Errorf("%w %q in %s", aws.ErrUnknownGroup, group, regionList(sessions))
	}
	if group != "" && len(snaps) > 1 { // the group's region only
		snaps = slices.DeleteFunc(snaps, func(s model.Snapshot) bool { return len(s.Groups) == 0 })
	}
	return snaps, nil
}

// narrow keeps the groups of group or tier, and their alarms.
func narrow(snap *model.Snapshot, group, tier string) {
	snap.Groups = slices.DeleteFunc(slices.Clone(snap.Groups), func(g model.Group) bool {
		return (group != "" && g.Name != group) || (tier != "" && g.TierOrUntiered() != tier)
	})
	if group != "" || tier != "" {
		// Alarms of the groups shown, not the whole account's.
		shown := map[string]bool{}
		for _, g := range snap.Groups {
			shown[g.Name] = true
		}
		snap.Alarms = slices.DeleteFunc(slices.Clone(snap.Alarms), func(a model.Alarm) bool { return !shown[a.Group] })
	}
}

func regionList(sessions []*aws.Session) string {
	names := make([]string, len(sessions))
	for i, s := range sessions {
		names[i] = s.Region()
	}
	return strings.Join(names, ", ")
}

// writeJSON encodes v as one JSON document. Names and tags from AWS are
// data and stay exact, but a character a terminal would act on (a C1
// control such as U+009B CSI, DEL, a bidi override) is written as its
// \uXXXX escape: encoding/json escapes C0 controls only, and this output
// is as often read on a terminal as piped to jq.
func writeJSON(w io.Writer, v any, indent string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// Outside strings JSON is ASCII, so every such rune is inside one.
	var out strings.Builder
	out.Grow(b.Len())
	for _, r := range b.String() {
		if terminalActs(r) {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// terminalActs reports a character that is no text of its own: DEL, the
// C1 controls, and the marks and overrides that reorder text.
func terminalActs(r rune) bool {
	switch {
	case r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c, r == 0xfeff:
		return true
	}
	return false
}

// terminalWidth is the width of the terminal on w, or 0 (lines are not
// cut) when w is not one: piped to grep or a file, a cut line loses the
// $/h and FLAGS columns for no reader's benefit.
func terminalWidth(w any) int {
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return 0
}

// groupStatus is the JSON shape of one group in `hoist status --json`: a
// contract for scripts, so fields are only ever added.
type groupStatus struct {
	Name        string   `json:"name"`
	Tier        string   `json:"tier,omitempty"`
	Service     string   `json:"service,omitempty"`
	Env         string   `json:"env,omitempty"`
	Min         int      `json:"min"`
	Desired     int      `json:"desired"`
	Max         int      `json:"max"`
	InService   int      `json:"in_service"`
	Pending     int      `json:"pending"`
	Unhealthy   int      `json:"unhealthy"`
	Suspended   []string `json:"suspended,omitempty"`
	Targets     *targets `json:"targets,omitempty"`
	Alarms      []string `json:"alarms_in_alarm,omitempty"`
	CostPerHour float64  `json:"cost_per_hour"`
	Scaling     bool     `json:"scaling"`
	AtMax       bool     `json:"at_max"`
	// TargetHealth is each target, with --group only.
	TargetHealth []targetStatus `json:"target_health,omitempty"`
}

type targetStatus struct {
	TargetGroup string `json:"target_group"`
	ID          string `json:"id"`
	AZ          string `json:"az,omitempty"`
	State       string `json:"state"`
	Reason      string `json:"reason,omitempty"`
	Description string `json:"description,omitempty"`
}

type targets struct {
	Healthy   int `json:"healthy"`
	Unhealthy int `json:"unhealthy"`
	Draining  int `json:"draining"`
	Initial   int `json:"initial"`
}

type statusDoc struct {
	Account     string        `json:"account"`
	Region      string        `json:"region"`
	Simulator   bool          `json:"simulator,omitempty"`
	Taken       time.Time     `json:"taken"`
	CostPerHour float64       `json:"cost_per_hour"`
	PriceDate   string        `json:"price_date"`
	Groups      []groupStatus `json:"groups"`
}

func statusJSON(s *model.Snapshot, detail bool) statusDoc {
	doc := statusDoc{Account: s.Identity.Account, Region: s.Region, Simulator: s.Simulator, Taken: s.Taken,
		PriceDate: s.Prices.Date, Groups: []groupStatus{}}
	for i := range s.Groups {
		g := &s.Groups[i]
		c := g.Counts()
		gs := groupStatus{
			Name: g.Name, Tier: g.Tier, Service: g.Service, Env: g.Env,
			Min: g.Min, Desired: g.Desired, Max: g.Max,
			InService: c.InService, Pending: c.Pending, Unhealthy: c.Unhealthy,
			Suspended: g.Suspended, CostPerHour: cents(model.CostOf(g, s.Prices).Total()),
			Scaling: s.InProgress(g.Name) || g.Converging(), AtMax: g.AtMax(),
		}
		if tc, ok := s.TargetHealthOf(g); ok {
			gs.Targets = &targets{Healthy: tc.Healthy, Unhealthy: tc.Unhealthy, Draining: tc.Draining, Initial: tc.Initial}
		}
		for _, al := range s.AlarmsOf(g.Name) {
			if al.State == model.AlarmAlarm {
				gs.Alarms = append(gs.Alarms, al.Name)
			}
		}
		for _, tg := range s.TargetGroupsOf(g) {
			if !detail {
				break
			}
			for _, t := range tg.SortedTargets() {
				gs.TargetHealth = append(gs.TargetHealth, targetStatus{TargetGroup: tg.Name, ID: t.ID, AZ: t.AZ,
					State: t.State, Reason: t.Reason, Description: t.Description})
			}
		}
		doc.CostPerHour += gs.CostPerHour
		doc.Groups = append(doc.Groups, gs)
	}
	doc.CostPerHour = cents(doc.CostPerHour)
	return doc
}

// regionsDoc is `hoist status --json` over several regions: each
// region's document as one region's would be, and the total cost.
type regionsDoc struct {
	Account     string      `json:"account"`
	Simulator   bool        `json:"simulator,omitempty"`
	CostPerHour float64     `json:"cost_per_hour"`
	Regions     []statusDoc `json:"regions"`
}

func regionsJSON(snaps []model.Snapshot, detail bool) regionsDoc {
	doc := regionsDoc{Account: snaps[0].Identity.Account, Simulator: snaps[0].Simulator}
	for i := range snaps {
		r := statusJSON(&snaps[i], detail)
		doc.CostPerHour += r.CostPerHour
		doc.Regions = append(doc.Regions, r)
	}
	doc.CostPerHour = cents(doc.CostPerHour)
	return doc
}

// cents rounds dollars to a hundredth of a cent: prices are not more exact.
func cents(usd float64) float64 { return math.Round(usd*1e4) / 1e4 }
