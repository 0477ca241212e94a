package sim

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// CloudWatch dashboards: put, get, list (by prefix, 1,000 a page) and
// delete, with tags.

type dashboard struct {
	body     string
	modified time.Time
	tags     []cwtypes.Tag
}

var dashboardName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

func dashboardARN(name string) string {
	return fmt.Sprintf("arn:aws:cloudwatch::%s:dashboard/%s", Account, name)
}

func (a cloudWatchAPI) PutDashboard(ctx context.Context, in *cloudwatch.PutDashboardInput) (*cloudwatch.PutDashboardOutput, error) {
	s := a.s
	name, body := aws.ToString(in.DashboardName), aws.ToString(in.DashboardBody)
	if !dashboardName.MatchString(name) {
		return nil, apiErr("InvalidParameterValue", "The value %s for parameter DashboardName is not valid: it can only contain alphanumerics, dash (-) and underscore (_), and be 1 to 255 characters long.", name)
	}
	var doc struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || doc.Widgets == nil {
		msg := "The dashboard body is invalid, there are 1 validation errors: [{\"dataPath\": \"\", \"message\": \"Should have required property 'widgets'\"}]"
		if err != nil {
			msg = "The field DashboardBody must be a valid JSON object: " + err.Error()
		}
		return nil, apiErr("InvalidParameterInput", "%s", msg)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.dashboards[name]
	if d == nil {
		d = &dashboard{}
		s.dashboards[name] = d
	}
	d.body, d.modified = body, s.now
	s.mutated(ctx, svcCW, "PutDashboard", "", map[string]any{"dashboard": name})
	return &cloudwatch.PutDashboardOutput{DashboardValidationMessages: []cwtypes.DashboardValidationMessage{}}, nil
}

func (a cloudWatchAPI) GetDashboard(ctx context.Context, in *cloudwatch.GetDashboardInput) (*cloudwatch.GetDashboardOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	name := aws.ToString(in.DashboardName)
	d := s.dashboards[name]
	if d == nil {
		return nil, apiErr("ResourceNotFound", "Dashboard %s does not exist", name)
	}
	return &cloudwatch.GetDashboardOutput{DashboardName: aws.String(name), DashboardBody: aws.String(d.body), DashboardArn: aws.String(dashboardARN(name))}, nil
}

func (a cloudWatchAPI) ListDashboards(ctx context.Context, in *cloudwatch.ListDashboardsInput) (*cloudwatch.ListDashboardsOutput, error) {
	s := a.s
	prefix := aws.ToString(in.DashboardNamePrefix)
	if in.DashboardNamePrefix != nil && !dashboardName.MatchString(prefix) {
		return nil, apiErr("InvalidParameterValue", "The value %s for parameter DashboardNamePrefix is not valid: it can only contain alphanumerics, dash (-) and underscore (_).", prefix)
	}
	off, ok := parseToken("dash", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "The value %s for parameter NextToken is not valid.", aws.ToString(in.NextToken))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.dashboards {
		if strings.HasPrefix(n, prefix) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	page, next := pageOf("dash", names, off, 1000)
	out := &cloudwatch.ListDashboardsOutput{DashboardEntries: []cwtypes.DashboardEntry{}, NextToken: next}
	for _, n := range page {
		d := s.dashboards[n]
		out.DashboardEntries = append(out.DashboardEntries, cwtypes.DashboardEntry{DashboardArn: aws.String(dashboardARN(n)), DashboardName: aws.String(n),
			LastModified: aws.Time(d.modified), Size: aws.Int64(int64(len(d.body)))})
	}
	return out, nil
}

// DeleteDashboards deletes every named dashboard that exists and, as AWS
// does, reports the ones that do not.
func (a cloudWatchAPI) DeleteDashboards(ctx context.Context, in *cloudwatch.DeleteDashboardsInput) (*cloudwatch.DeleteDashboardsOutput, error) {
	s := a.s
	if len(in.DashboardNames) == 0 {
		return nil, apiErr("InvalidParameterValue", "The parameter DashboardNames is required and must name at least one dashboard.")
	}
	if len(in.DashboardNames) > 100 {
		return nil, apiErr("InvalidParameterValue", "At most 100 dashboards can be deleted at once.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var missing, deleted []string
	for _, n := range in.DashboardNames {
		if s.dashboards[n] == nil {
			missing = append(missing, n)
			continue
		}
		delete(s.dashboards, n)
		deleted = append(deleted, n)
	}
	if len(deleted) > 0 {
		s.mutated(ctx, svcCW, "DeleteDashboards", "", map[string]any{"dashboards": deleted})
	}
	if len(missing) > 0 {
		return nil, apiErr("ResourceNotFound", "The specified dashboard does not exist. [%s]", strings.Join(missing, ", "))
	}
	return &cloudwatch.DeleteDashboardsOutput{}, nil
}
