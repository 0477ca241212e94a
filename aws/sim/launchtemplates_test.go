package sim

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// groupLT is the launch template a group names, wherever it names it.
func groupLT(g astypes.AutoScalingGroup) *astypes.LaunchTemplateSpecification {
	if g.MixedInstancesPolicy != nil {
		return g.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification
	}
	return g.LaunchTemplate
}

// Every group, its instances and ec2 name the same launch template, and
// the version a group names is one ec2 describes, with the type the
// group's instances run.
func TestFleetLaunchTemplatesAreConsistent(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	e := ec2API{s}
	for _, name := range s.groupNames {
		g := asg(t, s, name)
		spec := groupLT(g)
		if spec == nil || aws.ToString(spec.LaunchTemplateName) != name+"-lt" || aws.ToString(spec.Version) == "" {
			t.Fatalf("%s names launch template %+v", name, spec)
		}
		lts := must(e.DescribeLaunchTemplates(bg, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{name + "-lt"}}))
		if len(lts.LaunchTemplates) != 1 || aws.ToString(lts.LaunchTemplates[0].LaunchTemplateId) != aws.ToString(spec.LaunchTemplateId) {
			t.Fatalf("%s: ec2 describes %+v, the group names %s", name, lts.LaunchTemplates, aws.ToString(spec.LaunchTemplateId))
		}
		vs := must(e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{
			LaunchTemplateId: spec.LaunchTemplateId, Versions: []string{aws.ToString(spec.Version)}}))
		if len(vs.LaunchTemplateVersions) != 1 {
			t.Fatalf("%s: version %s: %+v", name, aws.ToString(spec.Version), vs.LaunchTemplateVersions)
		}
		data := vs.LaunchTemplateVersions[0].LaunchTemplateData
		for _, in := range g.Instances {
			if *in.LaunchTemplate.LaunchTemplateId != *spec.LaunchTemplateId || *in.LaunchTemplate.LaunchTemplateName != *spec.LaunchTemplateName ||
				*in.LaunchTemplate.Version != *spec.Version {
				t.Fatalf("%s: instance %s reports %+v, the group %+v", name, *in.InstanceId, in.LaunchTemplate, spec)
			}
			if g.MixedInstancesPolicy == nil && *in.InstanceType != string(data.InstanceType) {
				t.Fatalf("%s: instance %s is %s, its template says %s", name, *in.InstanceId, *in.InstanceType, data.InstanceType)
			}
		}
		ids := []string{}
		for _, in := range g.Instances {
			ids = append(ids, *in.InstanceId)
		}
		out := must(e.DescribeInstances(bg, &ec2.DescribeInstancesInput{InstanceIds: ids}))
		for _, r := range out.Reservations {
			x := r.Instances[0]
			if aws.ToString(x.ImageId) != aws.ToString(data.ImageId) {
				t.Fatalf("%s: %s runs %s, its template version has %s", name, *x.InstanceId, *x.ImageId, *data.ImageId)
			}
			for _, tg := range x.Tags {
				if *tg.Key == "aws:ec2launchtemplate:id" && *tg.Value != *spec.LaunchTemplateId {
					t.Fatalf("%s: %s tagged with template %s", name, *x.InstanceId, *tg.Value)
				}
			}
		}
	}
}

func TestLaunchTemplateVersionsAsEC2Answers(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	e := ec2API{s}
	lt := must(e.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("api-lt"), VersionDescription: aws.String("first"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-0123456789abcdef0"), InstanceType: ec2types.InstanceTypeM6iLarge,
			UserData: aws.String("IyEvYmluL2Jhc2g="), BlockDeviceMappings: []ec2types.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: aws.String("/dev/xvda"),
				Ebs: &ec2types.LaunchTemplateEbsBlockDeviceRequest{VolumeSize: aws.Int32(30), VolumeType: ec2types.VolumeTypeGp3}}}},
		TagSpecifications: []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeLaunchTemplate, Tags: []ec2types.Tag{{Key: aws.String("team"), Value: aws.String("ops")}}}},
	})).LaunchTemplate
	if *lt.DefaultVersionNumber != 1 || *lt.LatestVersionNumber != 1 || len(lt.Tags) != 1 {
		t.Fatalf("created %+v", lt)
	}
	// a version from the source with only the type changed
	v2 := must(e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: lt.LaunchTemplateId, SourceVersion: aws.String("1"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeM6iXlarge}})).LaunchTemplateVersion
	d := v2.LaunchTemplateData
	if *v2.VersionNumber != 2 || *v2.DefaultVersion || d.InstanceType != ec2types.InstanceTypeM6iXlarge || aws.ToString(d.ImageId) != "ami-0123456789abcdef0" ||
		aws.ToString(d.UserData) != "IyEvYmluL2Jhc2g=" || len(d.BlockDeviceMappings) != 1 || aws.ToInt32(d.BlockDeviceMappings[0].Ebs.VolumeSize) != 30 {
		t.Fatalf("version 2 from version 1 with a new type: %+v", d)
	}
	// without a source, only what was given
	v3 := must(e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateName: aws.String("api-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String("ami-0fedcba9876543210")}})).LaunchTemplateVersion
	if v3.LaunchTemplateData.InstanceType != "" || *v3.VersionNumber != 3 {
		t.Fatalf("version 3 without a source: %+v", v3.LaunchTemplateData)
	}
	numbers := func(in *ec2.DescribeLaunchTemplateVersionsInput) []int64 {
		var out []int64
		for _, v := range must(e.DescribeLaunchTemplateVersions(bg, in)).LaunchTemplateVersions {
			out = append(out, *v.VersionNumber)
		}
		return out
	}
	name := aws.String("api-lt")
	for _, c := range []struct {
		in   *ec2.DescribeLaunchTemplateVersionsInput
		want string
	}{
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name}, "[3 2 1]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, Versions: []string{"$Latest", "$Default"}}, "[3 1]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, Versions: []string{"2", "$Latest", "3"}}, "[2 3]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, MinVersion: aws.String("2")}, "[3 2]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, MaxVersion: aws.String("2")}, "[2 1]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, Filters: []ec2types.Filter{{Name: aws.String("instance-type"), Values: []string{"m6i.*"}}}}, "[2 1]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, Filters: []ec2types.Filter{{Name: aws.String("is-default-version"), Values: []string{"true"}}}}, "[1]"},
		{&ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: lt.LaunchTemplateId, MaxResults: aws.Int32(2)}, "[3 2]"},
	} {
		if got := fmt.Sprint(numbers(c.in)); got != c.want {
			t.Errorf("%+v: versions %s, want %s", c.in, got, c.want)
		}
	}
	// paging: two pages of two, then one
	page := must(e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, MaxResults: aws.Int32(2)}))
	rest := must(e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, MaxResults: aws.Int32(2), NextToken: page.NextToken}))
	if page.NextToken == nil || len(rest.LaunchTemplateVersions) != 1 || rest.NextToken != nil {
		t.Fatalf("paging: %v then %d versions, token %v", page.NextToken, len(rest.LaunchTemplateVersions), rest.NextToken)
	}
	// $Latest of every template
	all := must(e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{Versions: []string{"$Latest"}}))
	if len(all.LaunchTemplateVersions) != len(s.ltOrder) {
		t.Fatalf("$Latest of all: %d versions, %d templates", len(all.LaunchTemplateVersions), len(s.ltOrder))
	}
	must(e.ModifyLaunchTemplate(bg, &ec2.ModifyLaunchTemplateInput{LaunchTemplateName: name, DefaultVersion: aws.String("2")}))
	if v := must(e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: name, Versions: []string{"$Default"}})); *v.LaunchTemplateVersions[0].VersionNumber != 2 {
		t.Fatalf("$Default after ModifyLaunchTemplate: %d", *v.LaunchTemplateVersions[0].VersionNumber)
	}
}

func TestLaunchTemplateRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	e := ec2API{s}
	data := &ec2types.RequestLaunchTemplateData{InstanceType: ec2types.InstanceTypeT3Large}
	web := aws.String(webGroup + "-lt")
	_, err := e.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: web, LaunchTemplateData: data})
	wantErr(t, err, "InvalidLaunchTemplateName.AlreadyExistsException", "Launch template name already in use.")
	_, err = e.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("new-lt")})
	wantErr(t, err, "MissingParameter", "Launch template data is required")
	_, err = e.CreateLaunchTemplate(bg, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("new-lt"), LaunchTemplateData: data, DryRun: aws.Bool(true)})
	wantErr(t, err, "DryRunOperation", "")
	_, err = e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateName: aws.String("nope"), LaunchTemplateData: data})
	wantErr(t, err, "InvalidLaunchTemplateName.NotFoundException", "The specified launch template, with template name nope, does not exist.")
	_, err = e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: aws.String("lt-1"), LaunchTemplateData: data})
	wantErr(t, err, "InvalidLaunchTemplateId.Malformed", "")
	_, err = e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: aws.String("lt-0aaaaaaaaaaaaaaaa"), LaunchTemplateData: data})
	wantErr(t, err, "InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-0aaaaaaaaaaaaaaaa, does not exist.")
	_, err = e.CreateLaunchTemplateVersion(bg, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateName: web, SourceVersion: aws.String("99"), LaunchTemplateData: data})
	wantErr(t, err, "InvalidLaunchTemplateId.VersionNotFound", "Could not find the specified version 99")
	_, err = e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{})
	wantErr(t, err, "MissingParameter", "To describe the launch template data for all your launch templates")
	_, err = e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{Versions: []string{"1"}})
	wantErr(t, err, "InvalidParameterValue", "To describe the launch template data")
	_, err = e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: web, Versions: []string{"8"}})
	wantErr(t, err, "InvalidLaunchTemplateId.VersionNotFound", "")
	_, err = e.DescribeLaunchTemplateVersions(bg, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateName: web, MaxResults: aws.Int32(201)})
	wantErr(t, err, "InvalidParameterValue", "Expecting a value between 1 and 200")
	_, err = e.DescribeLaunchTemplates(bg, &ec2.DescribeLaunchTemplatesInput{LaunchTemplateNames: []string{"nope"}})
	wantErr(t, err, "InvalidLaunchTemplateName.NotFoundException", "At least one of the launch templates specified in the request does not exist.")
	_, err = e.ModifyLaunchTemplate(bg, &ec2.ModifyLaunchTemplateInput{LaunchTemplateName: web, DefaultVersion: aws.String("42")})
	wantErr(t, err, "InvalidLaunchTemplateId.VersionNotFound", "The launch template version 42 is not found for the specified launch template.")
	_, err = e.ModifyLaunchTemplate(bg, &ec2.ModifyLaunchTemplateInput{LaunchTemplateName: web, LaunchTemplateId: aws.String("lt-0aaaaaaaaaaaaaaaa")})
	wantErr(t, err, "InvalidParameterCombination", "Either provide launch template ID or launch template name to modify the template.")
}

func TestCreateAutoScalingGroupRefusesWhatAWSRefuses(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	id := s.ltNames[webGroup+"-lt"].id
	mk := func(lt *astypes.LaunchTemplateSpecification, azs ...string) *autoscaling.CreateAutoScalingGroupInput {
		return &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("new"), MinSize: aws.Int32(0), MaxSize: aws.Int32(2),
			LaunchTemplate: lt, AvailabilityZones: azs}
	}
	for _, c := range []struct {
		in        *autoscaling.CreateAutoScalingGroupInput
		code, msg string
	}{
		{mk(&astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("nope")}, "us-east-1a"), "ValidationError",
			"You must use a valid fully-formed launch template. The specified launch template, with template name nope, does not exist."},
		{mk(&astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String("lt-0aaaaaaaaaaaaaaaa")}, "us-east-1a"), "ValidationError",
			"The specified launch template, with template ID lt-0aaaaaaaaaaaaaaaa, does not exist."},
		{mk(&astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), LaunchTemplateName: aws.String(webGroup + "-lt")}, "us-east-1a"),
			"ValidationError", "Valid requests must contain either launchTemplateId or LaunchTemplateName"},
		{mk(&astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id), Version: aws.String("12")}, "us-east-1a"), "ValidationError",
			"Could not find the specified version 12"},
		{mk(&astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(id)}, "us-east-1a", "mars-1a"), "ValidationError", "mars-1a"},
		{mk(nil, "us-east-1a"), "ValidationError", "Valid requests must contain either LaunchTemplate"},
	} {
		_, err := api.CreateAutoScalingGroup(bg, c.in)
		wantErr(t, err, c.code, c.msg)
	}
	_, err := api.UpdateAutoScalingGroup(bg, &autoscaling.UpdateAutoScalingGroupInput{AutoScalingGroupName: aws.String(webGroup),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String("nope")}})
	wantErr(t, err, "ValidationError", "does not exist")
	if _, ok := s.groups["new"]; ok {
		t.Fatal("a refused group was created")
	}
}
