package sim

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2's launch template operations, with EC2's paging, filters and errors.

const svcEC2 = "ec2"

func dryRun(p *bool) error {
	if aws.ToBool(p) {
		return apiErr("DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
	}
	return nil
}

// ec2MaxResults reads an ec2 MaxResults between lo and hi (default hi).
func ec2MaxResults(p *int32, lo, hi int) (int, error) {
	if p == nil {
		return hi, nil
	}
	if int(*p) < lo || int(*p) > hi {
		return 0, apiErr("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value between %d and %d.", *p, lo, hi)
	}
	return int(*p), nil
}

func (s *Simulator) ltCreator() string {
	return "arn:aws:sts::" + Account + ":assumed-role/hoist-simulator/oncall"
}

// ltTags reads the launch-template tags of TagSpecifications.
func ltTags(specs []ec2types.TagSpecification) ([]tag, error) {
	var out []tag
	for _, ts := range specs {
		if ts.ResourceType != ec2types.ResourceTypeLaunchTemplate {
			return nil, apiErr("InvalidParameterValue", "'%s' is not a valid taggable resource type for this operation.", ts.ResourceType)
		}
		for _, t := range ts.Tags {
			out = append(out, tag{key: aws.ToString(t.Key), value: aws.ToString(t.Value)})
		}
	}
	return out, nil
}

func (a ec2API) CreateLaunchTemplate(ctx context.Context, in *ec2.CreateLaunchTemplateInput) (*ec2.CreateLaunchTemplateOutput, error) {
	s := a.s
	name := aws.ToString(in.LaunchTemplateName)
	if in.LaunchTemplateName == nil {
		return nil, apiErr("MissingParameter", "The request must contain the parameter LaunchTemplateName")
	}
	if !ltNamePattern.MatchString(name) {
		return nil, apiErr("InvalidLaunchTemplateName.MalformedException", "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'")
	}
	if in.LaunchTemplateData == nil {
		return nil, apiErr("MissingParameter", "No launch template data was provided. Launch template data is required to create a launch template.")
	}
	tags, err := ltTags(in.TagSpecifications)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ltNames[name] != nil {
		return nil, apiErr("InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	lt := s.newLaunchTemplate(name, s.ltCreator(), responseData(in.LaunchTemplateData), aws.ToString(in.VersionDescription), tags, s.now)
	s.mutated(ctx, svcEC2, "CreateLaunchTemplate", "", map[string]any{"launch_template": lt.id, "name": name})
	out := s.toLaunchTemplate(lt)
	return &ec2.CreateLaunchTemplateOutput{LaunchTemplate: &out}, nil
}

func (a ec2API) CreateLaunchTemplateVersion(ctx context.Context, in *ec2.CreateLaunchTemplateVersionInput) (*ec2.CreateLaunchTemplateVersionOutput, error) {
	s := a.s
	if in.LaunchTemplateData == nil {
		return nil, apiErr("MissingParameter", "The request must contain the parameter LaunchTemplateData")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lt, err := s.launchTemplateRef(in.LaunchTemplateId, in.LaunchTemplateName, "create a launch template version")
	if err != nil {
		return nil, err
	}
	var source *ltVersion
	if in.SourceVersion != nil {
		if source, err = lt.version(*in.SourceVersion); err != nil {
			return nil, err
		}
	}
	if len(lt.versions) >= maxLTVersions {
		return nil, apiErr("VersionLimitExceeded", "The maximum number of versions (%d) for launch template %s has been reached.", maxLTVersions, lt.id)
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	v := lt.addVersion(source, responseData(in.LaunchTemplateData), aws.ToString(in.VersionDescription), s.ltCreator(), s.now)
	s.mutated(ctx, svcEC2, "CreateLaunchTemplateVersion", "", map[string]any{"launch_template": lt.id, "version": v.number,
		"instance_type": string(v.data.InstanceType)})
	out := toLTVersion(lt, v)
	return &ec2.CreateLaunchTemplateVersionOutput{LaunchTemplateVersion: &out}, nil
}

func (a ec2API) ModifyLaunchTemplate(ctx context.Context, in *ec2.ModifyLaunchTemplateInput) (*ec2.ModifyLaunchTemplateOutput, error) {
	s := a.s
	if in.LaunchTemplateId != nil && in.LaunchTemplateName != nil {
		return nil, apiErr("InvalidParameterCombination", "Either provide launch template ID or launch template name to modify the template.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	lt, err := s.launchTemplateRef(in.LaunchTemplateId, in.LaunchTemplateName, "modify the template")
	if err != nil {
		return nil, err
	}
	var n int64
	if in.DefaultVersion != nil {
		n, err = strconv.ParseInt(*in.DefaultVersion, 10, 64)
		if err != nil || n < 1 || n > int64(len(lt.versions)) {
			return nil, apiErr("InvalidLaunchTemplateId.VersionNotFound", "The launch template version %s is not found for the specified launch template.", *in.DefaultVersion)
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if n > 0 {
		lt.defaultVer = n
		s.mutated(ctx, svcEC2, "ModifyLaunchTemplate", "", map[string]any{"launch_template": lt.id, "default_version": n})
	}
	out := s.toLaunchTemplate(lt)
	return &ec2.ModifyLaunchTemplateOutput{LaunchTemplate: &out}, nil
}

func (a ec2API) DescribeLaunchTemplates(ctx context.Context, in *ec2.DescribeLaunchTemplatesInput) (*ec2.DescribeLaunchTemplatesOutput, error) {
	s := a.s
	if in.MaxResults != nil && (len(in.LaunchTemplateIds) > 0 || len(in.LaunchTemplateNames) > 0) {
		return nil, apiErr("InvalidParameterCombination", "The parameter launchTemplateIds or launchTemplateNames cannot be used with the parameter maxResults")
	}
	size, err := ec2MaxResults(in.MaxResults, 1, 200)
	if err != nil {
		return nil, err
	}
	off, ok := parseToken("ec2lt", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "Invalid value '%s' for nextToken", aws.ToString(in.NextToken))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := s.namedTemplates(in.LaunchTemplateIds, in.LaunchTemplateNames)
	if err != nil {
		return nil, err
	}
	filters := compileFilters(in.Filters)
	kept := list[:0:0]
	for _, lt := range list {
		if ltMatch(lt, filters) {
			kept = append(kept, lt)
		}
	}
	page, next := pageOf("ec2lt", kept, off, size)
	out := &ec2.DescribeLaunchTemplatesOutput{LaunchTemplates: []ec2types.LaunchTemplate{}, NextToken: next}
	for _, lt := range page {
		out.LaunchTemplates = append(out.LaunchTemplates, s.toLaunchTemplate(lt))
	}
	return out, nil
}

// namedTemplates is the templates named by id or name, in the order asked,
// or every template when none is named.
func (s *Simulator) namedTemplates(ids, names []string) ([]*launchTemplate, error) {
	if len(ids) == 0 && len(names) == 0 {
		return append([]*launchTemplate(nil), s.ltOrder...), nil
	}
	var out []*launchTemplate
	for _, id := range ids {
		if !ltIDPattern.MatchString(id) {
			return nil, apiErr("InvalidLaunchTemplateId.Malformed", "The specified ID for the launch template, %s, is malformed.", id)
		}
		lt := s.lts[id]
		if lt == nil {
			return nil, apiErr("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID %s, does not exist.", id)
		}
		out = append(out, lt)
	}
	for _, n := range names {
		lt := s.ltNames[n]
		if lt == nil {
			return nil, apiErr("InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.")
		}
		out = append(out, lt)
	}
	return out, nil
}

// ltMatch applies DescribeLaunchTemplates' filters: create-time,
// launch-template-name, tag:<key> and tag-key.
func ltMatch(lt *launchTemplate, fs []ec2Filter) bool {
	for _, f := range fs {
		var have []string
		switch {
		case f.name == "create-time":
			have = []string{isoTime(lt.created)}
		case f.name == "launch-template-name":
			have = []string{lt.name}
		case f.name == "tag-key":
			for _, t := range lt.tags {
				have = append(have, t.key)
			}
		case strings.HasPrefix(f.name, "tag:"):
			for _, t := range lt.tags {
				if t.key == f.name[4:] {
					have = append(have, t.value)
				}
			}
		default:
			continue
		}
		if !f.matches(have) {
			return false
		}
	}
	return true
}

// versionsMessage is EC2's sentence for a DescribeLaunchTemplateVersions
// that names versions without a template, or neither.
const versionsMessage = "To describe the launch template data for all your launch templates, for ‘--versions’ specify ‘$Latest’, ‘$Default’, or both, and omit ‘--launch-template-id’, ‘--launch-template-name’, and version numbers. To describe the launch template data for a specific launch template, specify ‘--launch-template-id’ or ‘--launch-template-name’, and for ‘--versions’ specify one or more of the following values: ‘$Latest’, ‘$Default’, or one or more version numbers."

func (a ec2API) DescribeLaunchTemplateVersions(ctx context.Context, in *ec2.DescribeLaunchTemplateVersionsInput) (*ec2.DescribeLaunchTemplateVersionsOutput, error) {
	s := a.s
	size, err := ec2MaxResults(in.MaxResults, 1, 200)
	if err != nil {
		return nil, err
	}
	off, ok := parseToken("ec2ltv", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "Invalid value '%s' for nextToken", aws.ToString(in.NextToken))
	}
	lo, hi, err := versionBounds(in.MinVersion, in.MaxVersion)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	type pair struct {
		lt *launchTemplate
		v  *ltVersion
	}
	var list []pair
	if in.LaunchTemplateId == nil && in.LaunchTemplateName == nil {
		if len(in.Versions) == 0 {
			return nil, apiErr("MissingParameter", "%s", versionsMessage)
		}
		for _, v := range in.Versions {
			if v != "$Latest" && v != "$Default" {
				return nil, apiErr("InvalidParameterValue", "%s", versionsMessage)
			}
		}
		for _, lt := range s.ltOrder {
			for _, v := range uniqueVersions(lt, in.Versions) {
				list = append(list, pair{lt, v})
			}
		}
	} else {
		lt, err := s.launchTemplateRef(in.LaunchTemplateId, in.LaunchTemplateName, "describe its versions")
		if err != nil {
			return nil, err
		}
		vs := uniqueVersions(lt, in.Versions)
		if len(in.Versions) == 0 {
			for i := len(lt.versions) - 1; i >= 0; i-- { // newest first, as EC2 lists them
				vs = append(vs, lt.versions[i])
			}
		} else if vs == nil {
			for _, v := range in.Versions {
				if _, err := lt.version(v); err != nil {
					return nil, err
				}
			}
		}
		for _, v := range vs {
			list = append(list, pair{lt, v})
		}
	}
	filters := compileFilters(in.Filters)
	kept := list[:0:0]
	for _, p := range list {
		if p.v.number >= lo && (hi == 0 || p.v.number <= hi) && ltVersionMatch(p.lt, p.v, filters) {
			kept = append(kept, p)
		}
	}
	page, next := pageOf("ec2ltv", kept, off, size)
	out := &ec2.DescribeLaunchTemplateVersionsOutput{LaunchTemplateVersions: []ec2types.LaunchTemplateVersion{}, NextToken: next}
	for _, p := range page {
		out.LaunchTemplateVersions = append(out.LaunchTemplateVersions, toLTVersion(p.lt, p.v))
	}
	return out, nil
}

// uniqueVersions resolves the versions asked of one template, each once;
// nil if any is missing (the caller then reports which).
func uniqueVersions(lt *launchTemplate, asked []string) []*ltVersion {
	var out []*ltVersion
	seen := map[int64]bool{}
	for _, a := range asked {
		v, err := lt.version(a)
		if err != nil {
			return nil
		}
		if !seen[v.number] {
			seen[v.number] = true
			out = append(out, v)
		}
	}
	return out
}

func versionBounds(minV, maxV *string) (lo, hi int64, err error) {
	parse := func(p *string, field string) (int64, error) {
		if p == nil {
			return 0, nil
		}
		n, err := strconv.ParseInt(*p, 10, 64)
		if err != nil || n < 1 {
			return 0, apiErr("InvalidParameterValue", "Invalid value '%s' for %s.", *p, field)
		}
		return n, nil
	}
	if lo, err = parse(minV, "MinVersion"); err != nil {
		return 0, 0, err
	}
	hi, err = parse(maxV, "MaxVersion")
	return lo, hi, err
}

// ltVersionMatch applies DescribeLaunchTemplateVersions' filters.
func ltVersionMatch(lt *launchTemplate, v *ltVersion, fs []ec2Filter) bool {
	d := v.data
	for _, f := range fs {
		var have []string
		switch f.name {
		case "create-time":
			have = []string{isoTime(v.created)}
		case "ebs-optimized":
			have = []string{strconv.FormatBool(aws.ToBool(d.EbsOptimized))}
		case "iam-instance-profile":
			if p := d.IamInstanceProfile; p != nil {
				have = []string{aws.ToString(p.Arn), aws.ToString(p.Name)}
			}
		case "image-id":
			have = []string{aws.ToString(d.ImageId)}
		case "instance-type":
			have = []string{string(d.InstanceType)}
		case "is-default-version":
			have = []string{strconv.FormatBool(v.number == lt.defaultVer)}
		case "kernel-id":
			have = []string{aws.ToString(d.KernelId)}
		case "ram-disk-id":
			have = []string{aws.ToString(d.RamDiskId)}
		default:
			continue
		}
		if !f.matches(have) {
			return false
		}
	}
	return true
}
