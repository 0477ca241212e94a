package sim

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2API holds the EC2 handlers the console needs.
type ec2API struct{ s *Simulator }

var ec2StateCode = map[string]int32{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

// ec2Filter is one DescribeInstances filter, compiled once per request:
// literal values go in a set, so a filter of a hundred instance ids costs
// one lookup per instance rather than a hundred pattern matches.
type ec2Filter struct {
	name  string
	exact map[string]bool
	wild  []string
}

func compileFilters(fs []ec2types.Filter) []ec2Filter {
	out := make([]ec2Filter, 0, len(fs))
	for _, f := range fs {
		cf := ec2Filter{name: aws.ToString(f.Name), exact: map[string]bool{}}
		for _, v := range f.Values {
			if strings.ContainsAny(v, "*?") {
				cf.wild = append(cf.wild, v)
			} else {
				cf.exact[v] = true
			}
		}
		out = append(out, cf)
	}
	return out
}

func (f ec2Filter) matches(have []string) bool {
	for _, h := range have {
		if f.exact[h] {
			return true
		}
		for _, w := range f.wild {
			if wildMatch(w, h) {
				return true
			}
		}
	}
	return false
}

// ec2Match matches the DescribeInstances filters the console uses.
func (s *Simulator) ec2Match(x *instance, fs []ec2Filter) bool {
	for _, f := range fs {
		name := f.name
		var have []string
		switch {
		case name == "instance-state-name":
			have = []string{x.ec2State}
		case name == "instance-id":
			have = []string{x.id}
		case name == "instance-type":
			have = []string{x.itype}
		case name == "availability-zone":
			have = []string{x.az}
		case name == "instance-lifecycle":
			if x.spot {
				have = []string{"spot"}
			}
		case name == "tag:aws:autoscaling:groupName":
			have = []string{x.g.name}
		case strings.HasPrefix(name, "tag:"):
			for _, t := range x.g.tags {
				if t.propagate && t.key == name[4:] {
					have = append(have, t.value)
				}
			}
		case name == "tag-key":
			have = []string{"aws:autoscaling:groupName"}
			for _, t := range x.g.tags {
				if t.propagate {
					have = append(have, t.key)
				}
			}
		default:
			continue // unknown filters match, as the simulator keeps only a few
		}
		if !f.matches(have) {
			return false
		}
	}
	return true
}

// wildMatch supports EC2 filter wildcards * and ?.
func wildMatch(pat, s string) bool {
	if !strings.ContainsAny(pat, "*?") {
		return pat == s
	}
	if pat == "" {
		return s == ""
	}
	switch pat[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if wildMatch(pat[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && wildMatch(pat[1:], s[1:])
	}
	return s != "" && s[0] == pat[0] && wildMatch(pat[1:], s[1:])
}

func (s *Simulator) toEC2(x *instance) ec2types.Instance {
	ti := typeInfo(x.itype)
	out := ec2types.Instance{
		InstanceId: aws.String(x.id), InstanceType: ec2types.InstanceType(x.itype), ImageId: aws.String(x.imageID),
		LaunchTime: aws.Time(x.launched), PrivateIpAddress: aws.String(x.ip),
		PrivateDnsName: aws.String("ip-" + strings.ReplaceAll(x.ip, ".", "-") + ".ec2.internal"),
		Placement:      &ec2types.Placement{AvailabilityZone: aws.String(x.az), AvailabilityZoneId: aws.String(azID(x.az)), Tenancy: ec2types.TenancyDefault},
		State:          &ec2types.InstanceState{Name: ec2types.InstanceStateName(x.ec2State), Code: aws.Int32(ec2StateCode[x.ec2State])},
		SubnetId:       aws.String(x.subnet), VpcId: aws.String(s.vpc()), Architecture: ec2types.ArchitectureValues(ti.arch),
		Monitoring: &ec2types.Monitoring{State: ec2types.MonitoringStateEnabled}, Hypervisor: ec2types.HypervisorTypeXen,
		RootDeviceType: ec2types.DeviceTypeEbs, RootDeviceName: aws.String("/dev/xvda"), VirtualizationType: ec2types.VirtualizationTypeHvm,
		PlatformDetails: aws.String("Linux/UNIX"), EbsOptimized: aws.Bool(true), EnaSupport: aws.Bool(true),
	}
	if x.spot {
		out.InstanceLifecycle = ec2types.InstanceLifecycleTypeSpot
		out.SpotInstanceRequestId = aws.String("sir-" + x.id[3:11])
	}
	if x.ec2State == "terminated" || x.ec2State == "shutting-down" {
		out.StateTransitionReason = aws.String("User initiated (" + x.goneAt.Format("2006-01-02 15:04:05 MST") + ")")
		out.StateReason = &ec2types.StateReason{Code: aws.String("Client.UserInitiatedShutdown"), Message: aws.String("Client.UserInitiatedShutdown: User initiated shutdown")}
		out.PrivateIpAddress = nil
	}
	tags := []ec2types.Tag{{Key: aws.String("aws:autoscaling:groupName"), Value: aws.String(x.g.name)},
		{Key: aws.String("aws:ec2launchtemplate:id"), Value: aws.String(x.lt.id)},
		{Key: aws.String("aws:ec2launchtemplate:version"), Value: aws.String(x.ltVersion)}}
	for _, t := range x.g.tags {
		if t.propagate {
			tags = append(tags, ec2types.Tag{Key: aws.String(t.key), Value: aws.String(t.value)})
		}
	}
	out.Tags = tags
	return out
}

func (a ec2API) DescribeInstances(ctx context.Context, in *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
	s := a.s
	size := 1000
	if in.MaxResults != nil {
		if len(in.InstanceIds) > 0 {
			return nil, apiErr("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults")
		}
		if *in.MaxResults < 5 || *in.MaxResults > 1000 {
			return nil, apiErr("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.", *in.MaxResults)
		}
		size = int(*in.MaxResults)
	}
	off, ok := parseToken("ec2i", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "Invalid value '%s' for nextToken", aws.ToString(in.NextToken))
	}
	filters := compileFilters(in.Filters)
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*instance
	if len(in.InstanceIds) > 0 {
		for _, id := range in.InstanceIds {
			x := s.instances[id]
			if x == nil {
				return nil, apiErr("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
			}
			if s.ec2Match(x, filters) {
				list = append(list, x)
			}
		}
		size = max(len(list), 1)
	} else {
		for _, x := range s.instOrder {
			if s.ec2Match(x, filters) {
				list = append(list, x)
			}
		}
	}
	page, next := pageOf("ec2i", list, off, size)
	out := &ec2.DescribeInstancesOutput{Reservations: []ec2types.Reservation{}, NextToken: next}
	// one reservation per launch, as Auto Scaling launches one at a time
	for _, x := range page {
		out.Reservations = append(out.Reservations, ec2types.Reservation{
			ReservationId: aws.String("r-0" + x.id[3:19]), OwnerId: aws.String(Account),
			RequesterId: aws.String("940372691376"), Instances: []ec2types.Instance{s.toEC2(x)},
		})
	}
	return out, nil
}

func (a ec2API) DescribeInstanceTypes(ctx context.Context, in *ec2.DescribeInstanceTypesInput) (*ec2.DescribeInstanceTypesOutput, error) {
	size := 100
	if in.MaxResults != nil {
		if *in.MaxResults < 5 || *in.MaxResults > 100 {
			return nil, apiErr("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value between 5 and 100.", *in.MaxResults)
		}
		size = int(*in.MaxResults)
	}
	off, ok := parseToken("ec2t", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "Invalid value '%s' for nextToken", aws.ToString(in.NextToken))
	}
	var list []*instanceType
	if len(in.InstanceTypes) > 0 {
		for _, t := range in.InstanceTypes {
			it, ok := catalogByName[string(t)]
			if !ok {
				return nil, apiErr("InvalidInstanceType", "The following supplied instance types do not exist: [%s]", t)
			}
			list = append(list, it)
		}
	} else {
		for i := range catalog {
			list = append(list, &catalog[i])
		}
	}
	page, next := pageOf("ec2t", list, off, size)
	out := &ec2.DescribeInstanceTypesOutput{InstanceTypes: []ec2types.InstanceTypeInfo{}, NextToken: next}
	for _, t := range page {
		arch := ec2types.ArchitectureTypeX8664
		if t.arch == "arm64" {
			arch = ec2types.ArchitectureTypeArm64
		}
		out.InstanceTypes = append(out.InstanceTypes, ec2types.InstanceTypeInfo{
			InstanceType: ec2types.InstanceType(t.name), CurrentGeneration: aws.Bool(true), BurstablePerformanceSupported: aws.Bool(t.burst),
			VCpuInfo:              &ec2types.VCpuInfo{DefaultVCpus: aws.Int32(int32(t.vcpu)), DefaultCores: aws.Int32(int32(max(t.vcpu/2, 1))), DefaultThreadsPerCore: aws.Int32(2)},
			MemoryInfo:            &ec2types.MemoryInfo{SizeInMiB: aws.Int64(t.memMiB)},
			ProcessorInfo:         &ec2types.ProcessorInfo{SupportedArchitectures: []ec2types.ArchitectureType{arch}},
			NetworkInfo:           &ec2types.NetworkInfo{NetworkPerformance: aws.String(t.network)},
			SupportedUsageClasses: []ec2types.UsageClassType{ec2types.UsageClassTypeOnDemand, ec2types.UsageClassTypeSpot},
			Hypervisor:            ec2types.InstanceTypeHypervisorNitro,
		})
	}
	return out, nil
}

func (a ec2API) DescribeSpotPriceHistory(ctx context.Context, in *ec2.DescribeSpotPriceHistoryInput) (*ec2.DescribeSpotPriceHistoryOutput, error) {
	s := a.s
	size := 1000
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 1000 {
			return nil, apiErr("InvalidParameterValue", "Value ( %d ) for parameter maxResults is invalid. Expecting a value between 1 and 1000.", *in.MaxResults)
		}
		size = int(*in.MaxResults)
	}
	off, ok := parseToken("spot", in.NextToken)
	if !ok {
		return nil, apiErr("InvalidParameterValue", "Invalid value '%s' for nextToken", aws.ToString(in.NextToken))
	}
	s.mu.Lock()
	now := s.now
	azs := s.azs
	s.mu.Unlock()
	end := now
	if in.EndTime != nil && in.EndTime.Before(end) {
		end = *in.EndTime
	}
	start := end
	if in.StartTime != nil {
		start = *in.StartTime
	}
	if start.Before(end.Add(-90 * 24 * time.Hour)) {
		start = end.Add(-90 * 24 * time.Hour)
	}
	types := in.InstanceTypes
	if len(types) == 0 {
		for _, t := range catalog {
			types = append(types, ec2types.InstanceType(t.name))
		}
	}
	if in.AvailabilityZone != nil {
		azs = []string{*in.AvailabilityZone}
	}
	// spot prices change at most hourly here; each hour in range is a record,
	// plus the one in force at the start (newest first, as EC2 answers)
	var list []ec2types.SpotPrice
	for h := hourOf(end); h >= hourOf(start); h-- {
		for _, t := range types {
			if _, ok := catalogByName[string(t)]; !ok {
				continue
			}
			for _, az := range azs {
				p := s.spotPrice(string(t), az, h)
				list = append(list, ec2types.SpotPrice{AvailabilityZone: aws.String(az), InstanceType: t,
					ProductDescription: ec2types.RIProductDescriptionLinuxUnix, SpotPrice: aws.String(strconv.FormatFloat(p, 'f', 6, 64)),
					Timestamp: aws.Time(time.Unix(h*3600, 0).UTC())})
			}
		}
		if len(list) > 20000 {
			break
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].Timestamp.After(*list[j].Timestamp) })
	page, next := pageOf("spot", list, off, size)
	return &ec2.DescribeSpotPriceHistoryOutput{SpotPriceHistory: page, NextToken: next}, nil
}

func (a ec2API) DescribeAvailabilityZones(ctx context.Context, in *ec2.DescribeAvailabilityZonesInput) (*ec2.DescribeAvailabilityZonesOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := &ec2.DescribeAvailabilityZonesOutput{AvailabilityZones: []ec2types.AvailabilityZone{}}
	for _, az := range s.azs {
		if len(in.ZoneNames) > 0 && !contains(in.ZoneNames, az) || len(in.ZoneIds) > 0 && !contains(in.ZoneIds, azID(az)) {
			continue
		}
		z := ec2types.AvailabilityZone{ZoneName: aws.String(az), ZoneId: aws.String(azID(az)), RegionName: aws.String(s.region),
			State: ec2types.AvailabilityZoneStateAvailable, ZoneType: aws.String("availability-zone"), GroupName: aws.String(s.region),
			NetworkBorderGroup: aws.String(s.region), OptInStatus: ec2types.AvailabilityZoneOptInStatusOptInNotRequired, Messages: []ec2types.AvailabilityZoneMessage{}}
		if az == s.impairedAZ {
			z.State = ec2types.AvailabilityZoneStateImpaired
			z.Messages = []ec2types.AvailabilityZoneMessage{{Message: aws.String("Increased error rates and latencies for instances in this Availability Zone.")}}
		}
		out.AvailabilityZones = append(out.AvailabilityZones, z)
	}
	return out, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
