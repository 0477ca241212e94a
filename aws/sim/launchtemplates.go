package sim

import (
	"encoding/base64"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// Launch templates are real objects: numbered, immutable versions of launch
// data (instance type, image, user data, tags), a default version, and
// tags (docs/aws-facts.md: Launch templates). Groups name a template and a version ("7", "$Latest", "$Default");
// each launch resolves it, so an instance records the number it came from.

type launchTemplate struct {
	id, name   string
	created    time.Time
	createdBy  string
	defaultVer int64
	versions   []*ltVersion // versions[i].number == i+1
	tags       []tag
}

type ltVersion struct {
	number    int64
	desc      string
	created   time.Time
	createdBy string
	data      ec2types.ResponseLaunchTemplateData
}

func (lt *launchTemplate) latest() *ltVersion { return lt.versions[len(lt.versions)-1] }

// maxLTVersions is EC2's limit of versions per launch template.
const maxLTVersions = 10000

var (
	ltNamePattern = regexp.MustCompile(`^[a-zA-Z0-9().\-/_]{3,128}$`)
	ltIDPattern   = regexp.MustCompile(`^lt-[0-9a-f]{17}$`)
)

// ltVersionMissing is EC2's answer for a version a template does not have.
func ltVersionMissing(lt *launchTemplate, v string) error {
	return apiErr("InvalidLaunchTemplateId.VersionNotFound", "Could not find the specified version %s for the launch template with ID %s.", v, lt.id)
}

// version resolves a version as a group or a describe names it: a number,
// $Latest, or $Default ("" means $Default).
func (lt *launchTemplate) version(v string) (*ltVersion, error) {
	switch v {
	case "$Latest":
		return lt.latest(), nil
	case "$Default", "":
		return lt.versions[lt.defaultVer-1], nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || n > int64(len(lt.versions)) {
		return nil, ltVersionMissing(lt, v)
	}
	return lt.versions[n-1], nil
}

// launchTemplateRef finds a template by id or name, with EC2's errors for
// each. Exactly one of the two must be given.
func (s *Simulator) launchTemplateRef(id, name *string, op string) (*launchTemplate, error) {
	switch {
	case id != nil && name != nil:
		return nil, apiErr("InvalidParameterCombination", "Either provide launch template ID or launch template name to %s, not both.", op)
	case id != nil:
		if !ltIDPattern.MatchString(*id) {
			return nil, apiErr("InvalidLaunchTemplateId.Malformed", "The specified ID for the launch template, %s, is malformed.", *id)
		}
		if lt := s.lts[*id]; lt != nil {
			return lt, nil
		}
		return nil, apiErr("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID %s, does not exist.", *id)
	case name != nil:
		if lt := s.ltNames[*name]; lt != nil {
			return lt, nil
		}
		return nil, apiErr("InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with template name %s, does not exist.", *name)
	}
	return nil, apiErr("MissingParameter", "The request must contain the parameter launch template ID or launch template name")
}

// newLaunchTemplate stores a template with its first version.
func (s *Simulator) newLaunchTemplate(name, createdBy string, data ec2types.ResponseLaunchTemplateData, desc string, tags []tag, at time.Time) *launchTemplate {
	lt := &launchTemplate{id: "lt-0" + s.hexID(16), name: name, created: at, createdBy: createdBy, defaultVer: 1, tags: tags}
	lt.versions = []*ltVersion{{number: 1, desc: desc, created: at, createdBy: createdBy, data: data}}
	s.lts[lt.id] = lt
	s.ltNames[name] = lt
	s.ltOrder = append(s.ltOrder, lt)
	return lt
}

// addVersion appends a version: the source's data with the fields data
// sets replaced, as CreateLaunchTemplateVersion with SourceVersion does
// (source nil: data alone).
func (lt *launchTemplate) addVersion(source *ltVersion, data ec2types.ResponseLaunchTemplateData, desc, createdBy string, at time.Time) *ltVersion {
	merged := data
	if source != nil {
		merged = source.data
		overlay(&merged, &data)
	}
	v := &ltVersion{number: int64(len(lt.versions) + 1), desc: desc, created: at, createdBy: createdBy, data: merged}
	lt.versions = append(lt.versions, v)
	return v
}

// overlay sets every top-level field of dst that src sets.
func overlay[T any](dst, src *T) {
	d, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := range sv.NumField() {
		if f := sv.Field(i); d.Type().Field(i).IsExported() && !f.IsZero() {
			d.Field(i).Set(f)
		}
	}
}

// responseData turns request launch data into the shape EC2 answers with.
// The two are generated as separate types whose fields share names, so
// the copy goes by name and recurses where the types differ
// (LaunchTemplateBlockDeviceMappingRequest and LaunchTemplateBlockDeviceMapping).
func responseData(in *ec2types.RequestLaunchTemplateData) ec2types.ResponseLaunchTemplateData {
	var out ec2types.ResponseLaunchTemplateData
	if in != nil {
		copyByName(reflect.ValueOf(&out).Elem(), reflect.ValueOf(in).Elem())
	}
	return out
}

func copyByName(dst, src reflect.Value) {
	if src.Type() == dst.Type() {
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() || dst.Kind() != reflect.Pointer {
			return
		}
		v := reflect.New(dst.Type().Elem())
		copyByName(v.Elem(), src.Elem())
		dst.Set(v)
	case reflect.Struct:
		if dst.Kind() != reflect.Struct {
			return
		}
		for i := range dst.NumField() {
			f := dst.Type().Field(i)
			if sf := src.FieldByName(f.Name); f.IsExported() && sf.IsValid() {
				copyByName(dst.Field(i), sf)
			}
		}
	case reflect.Slice:
		if src.IsNil() || dst.Kind() != reflect.Slice {
			return
		}
		out := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			copyByName(out.Index(i), src.Index(i))
		}
		dst.Set(out)
	default:
		if src.Kind() == dst.Kind() && src.Type().ConvertibleTo(dst.Type()) {
			dst.Set(src.Convert(dst.Type()))
		}
	}
}

// agentMarker in a version's user data, or a CWAgent tag on the template
// or its instances, says the CloudWatch agent is installed: instances
// launched from it publish CWAgent mem_used_percent.
const agentMarker = "amazon-cloudwatch-agent"

func (lt *launchTemplate) agentInstalled(v *ltVersion) bool {
	if ud := aws.ToString(v.data.UserData); ud != "" {
		if b, err := base64.StdEncoding.DecodeString(ud); err == nil && strings.Contains(string(b), agentMarker) {
			return true
		}
	}
	on := func(key, value string) bool { return key == "CWAgent" && value != "" && value != "false" }
	for _, t := range lt.tags {
		if on(t.key, t.value) {
			return true
		}
	}
	for _, ts := range v.data.TagSpecifications {
		for _, t := range ts.Tags {
			if on(aws.ToString(t.Key), aws.ToString(t.Value)) {
				return true
			}
		}
	}
	return false
}

func (s *Simulator) toLaunchTemplate(lt *launchTemplate) ec2types.LaunchTemplate {
	out := ec2types.LaunchTemplate{
		CreateTime: aws.Time(lt.created), CreatedBy: aws.String(lt.createdBy),
		DefaultVersionNumber: aws.Int64(lt.defaultVer), LatestVersionNumber: aws.Int64(lt.latest().number),
		LaunchTemplateId: aws.String(lt.id), LaunchTemplateName: aws.String(lt.name),
	}
	for _, t := range lt.tags {
		out.Tags = append(out.Tags, ec2types.Tag{Key: aws.String(t.key), Value: aws.String(t.value)})
	}
	return out
}

func toLTVersion(lt *launchTemplate, v *ltVersion) ec2types.LaunchTemplateVersion {
	data := v.data
	out := ec2types.LaunchTemplateVersion{
		CreateTime: aws.Time(v.created), CreatedBy: aws.String(v.createdBy),
		DefaultVersion: aws.Bool(v.number == lt.defaultVer), LaunchTemplateData: &data,
		LaunchTemplateId: aws.String(lt.id), LaunchTemplateName: aws.String(lt.name),
		VersionNumber: aws.Int64(v.number),
	}
	if v.desc != "" {
		out.VersionDescription = aws.String(v.desc)
	}
	return out
}

// ---- what a group launches from ----

// launchSpec is a launch configuration: the template, the version as
// named, and the instance types of a mixed instances policy's overrides.
type launchSpec struct {
	lt      *launchTemplate
	version string
	types   []string
}

// launching is what the group launches from now: an instance refresh with
// a desired configuration launches from that until it ends or rolls back;
// otherwise the group's own configuration.
func (g *group) launching() launchSpec {
	if r := g.activeRefresh(); r != nil && r.desired != nil && !r.rollingBack() {
		return *r.desired
	}
	return g.spec()
}

func (g *group) spec() launchSpec {
	return launchSpec{lt: g.lt, version: g.ltVersion, types: overrideTypes(g.mixed)}
}

func overrideTypes(m *astypes.MixedInstancesPolicy) []string {
	if m == nil || m.LaunchTemplate == nil {
		return nil
	}
	var out []string
	for _, o := range m.LaunchTemplate.Overrides {
		if t := aws.ToString(o.InstanceType); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// resolve gives the version and the instance types a launch uses: the
// overrides, else the version's type (m6i.large if it names none: AWS
// would fail the launch, the simulator would rather launch something).
func (sp launchSpec) resolve() (*ltVersion, []string) {
	v, err := sp.lt.version(sp.version)
	if err != nil {
		v = sp.lt.latest()
	}
	if len(sp.types) > 0 {
		return v, sp.types
	}
	if t := string(v.data.InstanceType); t != "" {
		return v, []string{t}
	}
	return v, []string{"m6i.large"}
}

// matches reports whether an instance was launched from this spec (the
// skip-matching and rollback test): the same template and version, and one
// of its types.
func (sp launchSpec) matches(in *instance) bool {
	v, types := sp.resolve()
	return in.lt == sp.lt && in.ltVersion == strconv.FormatInt(v.number, 10) && contains(types, in.itype)
}

// lookupLaunchSpec validates a group's LaunchTemplateSpecification as Auto
// Scaling does on CreateAutoScalingGroup and UpdateAutoScalingGroup.
func (s *Simulator) lookupLaunchSpec(id, name, version *string) (*launchTemplate, string, error) {
	const prefix = "You must use a valid fully-formed launch template. "
	if (id == nil) == (name == nil) {
		return nil, "", apiErr("ValidationError", "Valid requests must contain either launchTemplateId or LaunchTemplateName")
	}
	var lt *launchTemplate
	if id != nil {
		if lt = s.lts[*id]; lt == nil {
			return nil, "", apiErr("ValidationError", "%sThe specified launch template, with template ID %s, does not exist.", prefix, *id)
		}
	} else if lt = s.ltNames[*name]; lt == nil {
		return nil, "", apiErr("ValidationError", "%sThe specified launch template, with template name %s, does not exist.", prefix, *name)
	}
	v := aws.ToString(version)
	if _, err := lt.version(v); err != nil {
		return nil, "", apiErr("ValidationError", "%sCould not find the specified version %s for the launch template with ID %s.", prefix, v, lt.id)
	}
	return lt, v, nil
}

// fleetTemplate gives a fleet group its launch template: versions numbered
// up to n, each a new image, the newest the default; agent says whether
// user data installs the CloudWatch agent.
func (s *Simulator) fleetTemplate(name, itype string, n int, agent bool, created time.Time) *launchTemplate {
	script := "#!/bin/bash\n/opt/solemate/bootstrap.sh\n"
	if agent {
		script += "yum install -y " + agentMarker + "\n/opt/aws/" + agentMarker + "/bin/" + agentMarker + "-ctl -a fetch-config -m ec2 -s -c ssm:AmazonCloudWatch-linux\n"
	}
	sg := "sg-0" + s.hexID(16)
	data := func() ec2types.ResponseLaunchTemplateData {
		return ec2types.ResponseLaunchTemplateData{
			ImageId: aws.String("ami-0" + s.hexID(16)), InstanceType: ec2types.InstanceType(itype),
			UserData:         aws.String(base64.StdEncoding.EncodeToString([]byte(script))),
			SecurityGroupIds: []string{sg}, Monitoring: &ec2types.LaunchTemplatesMonitoring{Enabled: aws.Bool(true)},
			IamInstanceProfile: &ec2types.LaunchTemplateIamInstanceProfileSpecification{
				Arn: aws.String(fmt.Sprintf("arn:aws:iam::%s:instance-profile/%s-instance", Account, name))},
			MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptions{HttpTokens: ec2types.LaunchTemplateHttpTokensStateRequired},
		}
	}
	by := fmt.Sprintf("arn:aws:iam::%s:role/solemate-deploy", Account)
	lt := s.newLaunchTemplate(name, by, data(), "initial", nil, created)
	step := (80 * 24 * time.Hour / time.Duration(max(n, 1))).Truncate(time.Hour)
	for k := 2; k <= n; k++ {
		lt.addVersion(nil, data(), fmt.Sprintf("release %d", k), by, created.Add(time.Duration(k-1)*step))
	}
	lt.defaultVer = int64(n)
	return lt
}

func instanceLT(in *instance) *astypes.LaunchTemplateSpecification {
	return &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(in.lt.id), LaunchTemplateName: aws.String(in.lt.name), Version: aws.String(in.ltVersion)}
}

// asgSpec is the spec as Auto Scaling describes it; a version the group
// never named is not shown (it is $Default).
func (sp launchSpec) asgSpec() *astypes.LaunchTemplateSpecification {
	out := &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(sp.lt.id), LaunchTemplateName: aws.String(sp.lt.name)}
	if sp.version != "" {
		out.Version = aws.String(sp.version)
	}
	return out
}

// withSpec is a copy of m naming spec as its launch template.
func withSpec(m *astypes.MixedInstancesPolicy, spec *astypes.LaunchTemplateSpecification) *astypes.MixedInstancesPolicy {
	out := *m
	var lt astypes.LaunchTemplate
	if m.LaunchTemplate != nil {
		lt = *m.LaunchTemplate
	}
	lt.LaunchTemplateSpecification = spec
	out.LaunchTemplate = &lt
	return &out
}
