package model

// PriceDate is when the built-in on-demand table was taken.
const PriceDate = "2026-11-01"

// usEast1 holds Linux on-demand prices per hour in us-east-1.
var usEast1 = map[string]float64{
	"t3.micro": 0.0104, "t3.small": 0.0208, "t3.medium": 0.0416, "t3.large": 0.0832,
	"t3.xlarge": 0.1664, "t3.2xlarge": 0.3328,
	"t4g.micro": 0.0084, "t4g.small": 0.0168, "t4g.medium": 0.0336, "t4g.large": 0.0672,
	"m5.large": 0.096, "m5.xlarge": 0.192, "m5.2xlarge": 0.384, "m5.4xlarge": 0.768,
	"m6i.large": 0.096, "m6i.xlarge": 0.192, "m6i.2xlarge": 0.384, "m6i.4xlarge": 0.768,
	"m6a.large": 0.0864, "m6a.xlarge": 0.1728, "m6a.2xlarge": 0.3456, "m6a.4xlarge": 0.6912,
	"m6g.large": 0.077, "m6g.xlarge": 0.154, "m6g.2xlarge": 0.308, "m6g.4xlarge": 0.616,
	"m7i.large": 0.1008, "m7i.xlarge": 0.2016, "m7i.2xlarge": 0.4032,
	"m7g.large": 0.0816, "m7g.xlarge": 0.1632, "m7g.2xlarge": 0.3264,
	"c5.large": 0.085, "c5.xlarge": 0.17, "c5.2xlarge": 0.34, "c5.4xlarge": 0.68,
	"c6i.large": 0.085, "c6i.xlarge": 0.17, "c6i.2xlarge": 0.34, "c6i.4xlarge": 0.68,
	"c6g.large": 0.068, "c6g.xlarge": 0.136, "c6g.2xlarge": 0.272, "c6g.4xlarge": 0.544,
	"c7g.large": 0.0725, "c7g.xlarge": 0.145, "c7g.2xlarge": 0.29,
	"c7i.large": 0.08925, "c7i.xlarge": 0.1785, "c7i.2xlarge": 0.357,
	"r5.large": 0.126, "r5.xlarge": 0.252, "r5.2xlarge": 0.504, "r5.4xlarge": 1.008,
	"r6i.large": 0.126, "r6i.xlarge": 0.252, "r6i.2xlarge": 0.504, "r6i.4xlarge": 1.008,
	"r6g.large": 0.1008, "r6g.xlarge": 0.2016, "r6g.2xlarge": 0.4032, "r6g.4xlarge": 0.8064,
	"r7g.large": 0.1071, "r7g.xlarge": 0.2142, "r7g.2xlarge": 0.4284,
}

// euWest1 holds Linux on-demand prices per hour in eu-west-1.
var euWest1 = map[string]float64{
	"t3.micro": 0.0114, "t3.small": 0.0228, "t3.medium": 0.0456, "t3.large": 0.0912,
	"t3.xlarge": 0.1824, "t3.2xlarge": 0.3648,
	"m5.large": 0.107, "m5.xlarge": 0.214, "m5.2xlarge": 0.428, "m5.4xlarge": 0.856,
	"m6i.large": 0.107, "m6i.xlarge": 0.214, "m6i.2xlarge": 0.428, "m6i.4xlarge": 0.856,
	"m6g.large": 0.086, "m6g.xlarge": 0.172, "m6g.2xlarge": 0.344,
	"c5.large": 0.096, "c5.xlarge": 0.192, "c5.2xlarge": 0.384,
	"c6i.large": 0.096, "c6i.xlarge": 0.192, "c6i.2xlarge": 0.384,
	"c6g.large": 0.0768, "c6g.xlarge": 0.1536, "c6g.2xlarge": 0.3072,
	"r5.large": 0.141, "r5.xlarge": 0.282, "r5.2xlarge": 0.564,
	"r6i.large": 0.141, "r6i.xlarge": 0.282, "r6i.2xlarge": 0.564,
	"r6g.large": 0.1128, "r6g.xlarge": 0.2256, "r6g.2xlarge": 0.4512,
}

// priceTables maps a region to its built-in table. us-west-2 and us-east-2
// list the same prices as us-east-1 for these families.
var priceTables = map[string]map[string]float64{
	"us-east-1": usEast1,
	"us-east-2": usEast1,
	"us-west-2": usEast1,
	"eu-west-1": euWest1,
}

// BuiltinPrices returns the shipped on-demand table for region. For a region
// it has no table for, it returns us-east-1's marked Estimated. The caller
// may overlay prices from the Price List API or a user file.
func BuiltinPrices(region string) Prices {
	t, ok := priceTables[region]
	if !ok {
		t = usEast1
	}
	od := make(map[string]float64, len(t))
	for k, v := range t {
		od[k] = v
	}
	return Prices{Date: PriceDate, Region: region, OnDemand: od, Spot: map[string]float64{}, Estimated: !ok}
}
