package sim

import "github.com/solemate/hoist/model"

// instanceType is what the simulator knows of an EC2 instance type: enough
// for DescribeInstanceTypes, capacity (vCPUs and speed) and prices.
type instanceType struct {
	name     string
	vcpu     int
	memMiB   int64
	arch     string // x86_64 or arm64
	onDemand float64
	network  string
	burst    bool
	speed    float64 // work per vCPU against the sixth generation (m6i = 1)
}

// catalog is the Linux on-demand prices of model's us-east-1 table (USD per
// hour, as published in 2026); a region's own prices are onDemandIn. Older
// generations (m5, c5, r5) do 10% less per vCPU, the newest (m7i, c7i,
// Graviton3) 15% more.
var catalog = []instanceType{
	{"c5.2xlarge", 8, 16384, "x86_64", 0.34, "Up to 10 Gigabit", false, 0.9},
	{"c5.4xlarge", 16, 32768, "x86_64", 0.68, "10 Gigabit", false, 0.9},
	{"c5.large", 2, 4096, "x86_64", 0.085, "Up to 10 Gigabit", false, 0.9},
	{"c5.xlarge", 4, 8192, "x86_64", 0.17, "Up to 10 Gigabit", false, 0.9},
	{"c6g.2xlarge", 8, 16384, "arm64", 0.272, "Up to 10 Gigabit", false, 1.0},
	{"c6g.4xlarge", 16, 32768, "arm64", 0.544, "10 Gigabit", false, 1.0},
	{"c6g.large", 2, 4096, "arm64", 0.068, "Up to 10 Gigabit", false, 1.0},
	{"c6g.xlarge", 4, 8192, "arm64", 0.136, "Up to 10 Gigabit", false, 1.0},
	{"c6i.2xlarge", 8, 16384, "x86_64", 0.34, "Up to 12.5 Gigabit", false, 1.0},
	{"c6i.4xlarge", 16, 32768, "x86_64", 0.68, "12.5 Gigabit", false, 1.0},
	{"c6i.large", 2, 4096, "x86_64", 0.085, "Up to 12.5 Gigabit", false, 1.0},
	{"c6i.xlarge", 4, 8192, "x86_64", 0.17, "Up to 12.5 Gigabit", false, 1.0},
	{"c7g.2xlarge", 8, 16384, "arm64", 0.29, "Up to 12.5 Gigabit", false, 1.15},
	{"c7g.large", 2, 4096, "arm64", 0.0725, "Up to 12.5 Gigabit", false, 1.15},
	{"c7g.xlarge", 4, 8192, "arm64", 0.145, "Up to 12.5 Gigabit", false, 1.15},
	{"c7i.2xlarge", 8, 16384, "x86_64", 0.357, "Up to 12.5 Gigabit", false, 1.15},
	{"c7i.large", 2, 4096, "x86_64", 0.08925, "Up to 12.5 Gigabit", false, 1.15},
	{"c7i.xlarge", 4, 8192, "x86_64", 0.1785, "Up to 12.5 Gigabit", false, 1.15},
	{"m5.2xlarge", 8, 32768, "x86_64", 0.384, "Up to 10 Gigabit", false, 0.9},
	{"m5.4xlarge", 16, 65536, "x86_64", 0.768, "10 Gigabit", false, 0.9},
	{"m5.large", 2, 8192, "x86_64", 0.096, "Up to 10 Gigabit", false, 0.9},
	{"m5.xlarge", 4, 16384, "x86_64", 0.192, "Up to 10 Gigabit", false, 0.9},
	{"m6a.2xlarge", 8, 32768, "x86_64", 0.3456, "Up to 12.5 Gigabit", false, 1.0},
	{"m6a.4xlarge", 16, 65536, "x86_64", 0.6912, "12.5 Gigabit", false, 1.0},
	{"m6a.large", 2, 8192, "x86_64", 0.0864, "Up to 12.5 Gigabit", false, 1.0},
	{"m6a.xlarge", 4, 16384, "x86_64", 0.1728, "Up to 12.5 Gigabit", false, 1.0},
	{"m6g.2xlarge", 8, 32768, "arm64", 0.308, "Up to 10 Gigabit", false, 1.0},
	{"m6g.4xlarge", 16, 65536, "arm64", 0.616, "10 Gigabit", false, 1.0},
	{"m6g.large", 2, 8192, "arm64", 0.077, "Up to 10 Gigabit", false, 1.0},
	{"m6g.xlarge", 4, 16384, "arm64", 0.154, "Up to 10 Gigabit", false, 1.0},
	{"m6i.2xlarge", 8, 32768, "x86_64", 0.384, "Up to 12.5 Gigabit", false, 1.0},
	{"m6i.4xlarge", 16, 65536, "x86_64", 0.768, "12.5 Gigabit", false, 1.0},
	{"m6i.large", 2, 8192, "x86_64", 0.096, "Up to 12.5 Gigabit", false, 1.0},
	{"m6i.xlarge", 4, 16384, "x86_64", 0.192, "Up to 12.5 Gigabit", false, 1.0},
	{"m7g.2xlarge", 8, 32768, "arm64", 0.3264, "Up to 12.5 Gigabit", false, 1.15},
	{"m7g.large", 2, 8192, "arm64", 0.0816, "Up to 12.5 Gigabit", false, 1.15},
	{"m7g.xlarge", 4, 16384, "arm64", 0.1632, "Up to 12.5 Gigabit", false, 1.15},
	{"m7i.2xlarge", 8, 32768, "x86_64", 0.4032, "Up to 12.5 Gigabit", false, 1.15},
	{"m7i.large", 2, 8192, "x86_64", 0.1008, "Up to 12.5 Gigabit", false, 1.15},
	{"m7i.xlarge", 4, 16384, "x86_64", 0.2016, "Up to 12.5 Gigabit", false, 1.15},
	{"r5.2xlarge", 8, 65536, "x86_64", 0.504, "Up to 10 Gigabit", false, 0.9},
	{"r5.4xlarge", 16, 131072, "x86_64", 1.008, "10 Gigabit", false, 0.9},
	{"r5.large", 2, 16384, "x86_64", 0.126, "Up to 10 Gigabit", false, 0.9},
	{"r5.xlarge", 4, 32768, "x86_64", 0.252, "Up to 10 Gigabit", false, 0.9},
	{"r6g.2xlarge", 8, 65536, "arm64", 0.4032, "Up to 10 Gigabit", false, 1.0},
	{"r6g.4xlarge", 16, 131072, "arm64", 0.8064, "10 Gigabit", false, 1.0},
	{"r6g.large", 2, 16384, "arm64", 0.1008, "Up to 10 Gigabit", false, 1.0},
	{"r6g.xlarge", 4, 32768, "arm64", 0.2016, "Up to 10 Gigabit", false, 1.0},
	{"r6i.2xlarge", 8, 65536, "x86_64", 0.504, "Up to 12.5 Gigabit", false, 1.0},
	{"r6i.4xlarge", 16, 131072, "x86_64", 1.008, "12.5 Gigabit", false, 1.0},
	{"r6i.large", 2, 16384, "x86_64", 0.126, "Up to 12.5 Gigabit", false, 1.0},
	{"r6i.xlarge", 4, 32768, "x86_64", 0.252, "Up to 12.5 Gigabit", false, 1.0},
	{"r7g.2xlarge", 8, 65536, "arm64", 0.4284, "Up to 12.5 Gigabit", false, 1.15},
	{"r7g.large", 2, 16384, "arm64", 0.1071, "Up to 12.5 Gigabit", false, 1.15},
	{"r7g.xlarge", 4, 32768, "arm64", 0.2142, "Up to 12.5 Gigabit", false, 1.15},
	{"t3.2xlarge", 8, 32768, "x86_64", 0.3328, "Up to 5 Gigabit", true, 1.0},
	{"t3.large", 2, 8192, "x86_64", 0.0832, "Up to 5 Gigabit", true, 1.0},
	{"t3.medium", 2, 4096, "x86_64", 0.0416, "Up to 5 Gigabit", true, 1.0},
	{"t3.micro", 2, 1024, "x86_64", 0.0104, "Up to 5 Gigabit", true, 1.0},
	{"t3.small", 2, 2048, "x86_64", 0.0208, "Up to 5 Gigabit", true, 1.0},
	{"t3.xlarge", 4, 16384, "x86_64", 0.1664, "Up to 5 Gigabit", true, 1.0},
	{"t4g.large", 2, 8192, "arm64", 0.0672, "Up to 5 Gigabit", true, 1.0},
	{"t4g.medium", 2, 4096, "arm64", 0.0336, "Up to 5 Gigabit", true, 1.0},
	{"t4g.micro", 2, 1024, "arm64", 0.0084, "Up to 5 Gigabit", true, 1.0},
	{"t4g.small", 2, 2048, "arm64", 0.0168, "Up to 5 Gigabit", true, 1.0},
}

var catalogByName = func() map[string]*instanceType {
	m := make(map[string]*instanceType, len(catalog))
	for i := range catalog {
		m[catalog[i].name] = &catalog[i]
	}
	return m
}()

func typeInfo(name string) *instanceType {
	if t, ok := catalogByName[name]; ok {
		return t
	}
	return catalogByName["m6i.large"] // an unknown type still has a shape
}

// spotPrice is the spot price of a type in an AZ at an hour: around a
// third of the region's on-demand price, moving a little each hour.
func (s *Simulator) spotPrice(itype, az string, hour int64) float64 {
	f := 0.30 + 0.08*s.unit(strHash(itype), strHash(az), uint64(hour))
	return onDemandIn(s.region, itype) * f
}

// regionPremium is roughly what a region charges over us-east-1, for the
// types model's tables do not price there: the simulator's approximation
// from m6i.large list prices, rounded, not a price table (us-east-2 and
// us-west-2 charge us-east-1's).
var regionPremium = map[string]float64{
	"us-west-1": 1.17, "ca-central-1": 1.11, "sa-east-1": 1.59,
	"eu-west-1": 1.11, "eu-west-2": 1.16, "eu-west-3": 1.17, "eu-central-1": 1.19, "eu-north-1": 1.06,
	"ap-northeast-1": 1.29, "ap-northeast-2": 1.23, "ap-southeast-1": 1.25, "ap-southeast-2": 1.25, "ap-south-1": 1.05,
}

// onDemandIn is the Linux on-demand price of a type in region: model's
// table for the region where it has the type, else us-east-1's times the
// region's premium (1.2 for a region not above).
func onDemandIn(region, itype string) float64 {
	if p, ok := regionTables[region][itype]; ok {
		return p
	}
	f, ok := regionPremium[region]
	switch {
	case ok:
	case region == "us-east-1" || region == "us-east-2" || region == "us-west-2":
		f = 1
	default:
		f = 1.2
	}
	return typeInfo(itype).onDemand * f
}

// regionTables are model's priced regions, read once.
var regionTables = func() map[string]map[string]float64 {
	out := map[string]map[string]float64{}
	for _, r := range []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1"} {
		if p := model.BuiltinPrices(r); !p.Estimated {
			out[r] = p.OnDemand
		}
	}
	return out
}()
