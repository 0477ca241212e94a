package sim

// instanceType is what the simulator knows of an EC2 instance type: enough
// for DescribeInstanceTypes, capacity (vCPUs) and prices.
type instanceType struct {
	name     string
	vcpu     int
	memMiB   int64
	arch     string // x86_64 or arm64
	onDemand float64
	network  string
	burst    bool
}

// catalog is a small table of on-demand Linux prices in us-east-1 (USD per
// hour, as published in 2026). Other regions use the same figures.
var catalog = []instanceType{
	{"c5.large", 2, 4096, "x86_64", 0.085, "Up to 10 Gigabit", false},
	{"c6i.large", 2, 4096, "x86_64", 0.085, "Up to 12.5 Gigabit", false},
	{"c6i.xlarge", 4, 8192, "x86_64", 0.17, "Up to 12.5 Gigabit", false},
	{"c6i.2xlarge", 8, 16384, "x86_64", 0.34, "Up to 12.5 Gigabit", false},
	{"c7g.large", 2, 4096, "arm64", 0.0725, "Up to 12.5 Gigabit", false},
	{"m5.large", 2, 8192, "x86_64", 0.096, "Up to 10 Gigabit", false},
	{"m6a.large", 2, 8192, "x86_64", 0.0864, "Up to 12.5 Gigabit", false},
	{"m6i.large", 2, 8192, "x86_64", 0.096, "Up to 12.5 Gigabit", false},
	{"m6i.xlarge", 4, 16384, "x86_64", 0.192, "Up to 12.5 Gigabit", false},
	{"m7g.large", 2, 8192, "arm64", 0.0816, "Up to 12.5 Gigabit", false},
	{"r5.large", 2, 16384, "x86_64", 0.126, "Up to 10 Gigabit", false},
	{"r6g.large", 2, 16384, "arm64", 0.1008, "Up to 10 Gigabit", false},
	{"r6g.xlarge", 4, 32768, "arm64", 0.2016, "Up to 10 Gigabit", false},
	{"r6g.2xlarge", 8, 65536, "arm64", 0.4032, "Up to 10 Gigabit", false},
	{"t3.medium", 2, 4096, "x86_64", 0.0416, "Up to 5 Gigabit", true},
	{"t3.large", 2, 8192, "x86_64", 0.0832, "Up to 5 Gigabit", true},
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
	return &catalog[7] // m6i.large: an unknown type still has a shape
}

// spotPrice is the spot price of a type in an AZ at an hour: around a
// third of on-demand, moving a little each hour.
func (s *Simulator) spotPrice(itype, az string, hour int64) float64 {
	t := typeInfo(itype)
	f := 0.30 + 0.08*s.unit(strHash(itype), strHash(az), uint64(hour))
	return t.onDemand * f
}
