package aws

import (
	"context"
	"errors"
	"slices"
	"strings"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/smithy-go"

	"github.com/solemate/hoist/model"
)

// Reads for the cleanup findings of hoist report and recommend (FR-4.2):
// the targets of target groups no Auto Scaling group attaches, and the
// versions of launch templates that keep more than their default and
// latest. Alarms whose metric stopped reporting and load balancers with no
// healthy host are MetricHistory reads.

// TargetsOf reads a target group's registered targets: one
// DescribeTargetHealth (ELBv2 has no batch form).
func (s *Session) TargetsOf(ctx context.Context, tgARN string) ([]model.Target, error) {
	return s.describeTargetHealth(ctx, tgARN)
}

// templatesPage is DescribeLaunchTemplates' largest page.
const templatesPage = 200

// SpareTemplateVersions reads the launch templates refs name (an id, or
// "name:" and a name; the groups' templates) and returns, with its
// versions, each that has a version beyond its default and latest: one
// DescribeLaunchTemplates per 200 templates, then one
// DescribeLaunchTemplateVersions per such template (a fleet whose
// templates keep one version or two costs no more calls). A template that
// no longer exists is left out.
func (s *Session) SpareTemplateVersions(ctx context.Context, refs []string) ([]model.LaunchTemplate, error) {
	var ids, names []string
	seen := map[string]bool{}
	for _, r := range refs {
		if r == "" || seen[r] {
			continue
		}
		seen[r] = true
		if n, ok := strings.CutPrefix(r, "name:"); ok {
			names = append(names, n)
		} else {
			ids = append(ids, r)
		}
	}
	var spare []string
	for _, set := range []struct {
		refs   []string
		byName bool
	}{{ids, false}, {names, true}} {
		for i := 0; i < len(set.refs); i += templatesPage {
			got, err := s.templatesWithSpares(ctx, set.refs[i:min(i+templatesPage, len(set.refs))], set.byName)
			if err != nil {
				return nil, err
			}
			spare = append(spare, got...)
		}
	}
	var out []model.LaunchTemplate
	slices.Sort(spare)
	for _, id := range slices.Compact(spare) { // a template named by id and by name is read once
		lt, err := s.describeTemplate(ctx, id)
		if err != nil {
			return nil, err
		}
		if lt != nil {
			out = append(out, *lt)
		}
	}
	return out, nil
}

// templatesWithSpares describes the templates (by id, or by name) and
// returns the ids of those with more versions than their default and
// latest. A template EC2 does not know is skipped, not an error (the group
// may name one deleted since); as EC2 then fails the whole call, the
// others are asked one by one.
func (s *Session) templatesWithSpares(ctx context.Context, refs []string, byName bool) ([]string, error) {
	in := &ec2.DescribeLaunchTemplatesInput{LaunchTemplateIds: refs}
	if byName {
		in = &ec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: refs}
	}
	o, err := s.ec2.DescribeLaunchTemplates(ctx, in)
	var ae smithy.APIError
	if errors.As(err, &ae) && strings.Contains(ae.ErrorCode(), "NotFound") || errors.As(err, &ae) && strings.Contains(ae.ErrorCode(), "Malformed") {
		if len(refs) == 1 {
			return nil, nil
		}
		var out []string
		for _, r := range refs {
			got, err := s.templatesWithSpares(ctx, []string{r}, byName)
			if err != nil {
				return nil, err
			}
			out = append(out, got...)
		}
		return out, nil
	}
	if err != nil {
		return nil, classify("ec2:DescribeLaunchTemplates", err)
	}
	var out []string
	for _, t := range o.LaunchTemplates {
		latest, def := sdk.ToInt64(t.LatestVersionNumber), sdk.ToInt64(t.DefaultVersionNumber)
		kept := int64(2)
		if latest == def {
			kept = 1
		}
		if latest > kept {
			out = append(out, sdk.ToString(t.LaunchTemplateId))
		}
	}
	return out, nil
}
