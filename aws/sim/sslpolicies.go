package sim

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// defaultSSLPolicy is what a listener gets when created through the API
// without one (the console picks a TLS 1.3 policy instead).
const defaultSSLPolicy = "ELBSecurityPolicy-2016-08"

// Cipher lists, in the priority order AWS lists them.
const (
	tls13Ciphers = "TLS_AES_128_GCM_SHA256 TLS_AES_256_GCM_SHA384 TLS_CHACHA20_POLY1305_SHA256"
	// every ECDHE and plain-RSA cipher the 2016 policies carry
	classicCiphers = fsCiphers + " AES128-GCM-SHA256 AES128-SHA256 AES128-SHA AES256-GCM-SHA384 AES256-SHA256 AES256-SHA"
	fsCiphers      = "ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES128-SHA256 ECDHE-RSA-AES128-SHA256 " +
		"ECDHE-ECDSA-AES128-SHA ECDHE-RSA-AES128-SHA ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384 " +
		"ECDHE-ECDSA-AES256-SHA384 ECDHE-RSA-AES256-SHA384 ECDHE-RSA-AES256-SHA ECDHE-ECDSA-AES256-SHA"
	fsResCiphers = "ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES128-SHA256 ECDHE-RSA-AES128-SHA256 " +
		"ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384 ECDHE-ECDSA-AES256-SHA384 ECDHE-RSA-AES256-SHA384"
	gcmCiphers    = "ECDHE-ECDSA-AES128-GCM-SHA256 ECDHE-RSA-AES128-GCM-SHA256 ECDHE-ECDSA-AES256-GCM-SHA384 ECDHE-RSA-AES256-GCM-SHA384"
	tls12Ciphers  = fsResCiphers + " AES128-GCM-SHA256 AES128-SHA256 AES256-GCM-SHA384 AES256-SHA256"
	tls10to12     = "TLSv1 TLSv1.1 TLSv1.2"
	tls12and13    = "TLSv1.2 TLSv1.3"
	predefinedPol = "application network"
)

// sslPolicies are the predefined security policies ELB lists (the FIPS
// ones left out), each with its protocols and ciphers as AWS documents
// them; every one serves both Application and Network Load Balancers
// (docs/aws-facts.md: Load balancers, TLS).
var sslPolicies = buildSSLPolicies([][3]string{
	{defaultSSLPolicy, tls10to12, classicCiphers},
	{"ELBSecurityPolicy-TLS13-1-2-2021-06", tls12and13, tls13Ciphers + " " + fsResCiphers},
	{"ELBSecurityPolicy-TLS13-1-2-Res-2021-06", tls12and13, tls13Ciphers + " " + gcmCiphers},
	{"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", tls12and13, tls13Ciphers + " " + tls12Ciphers},
	{"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", tls12and13, tls13Ciphers + " " + classicCiphers},
	{"ELBSecurityPolicy-TLS13-1-1-2021-06", "TLSv1.1 " + tls12and13, tls13Ciphers + " " + classicCiphers},
	{"ELBSecurityPolicy-TLS13-1-0-2021-06", tls10to12 + " TLSv1.3", tls13Ciphers + " " + classicCiphers},
	{"ELBSecurityPolicy-TLS13-1-3-2021-06", "TLSv1.3", tls13Ciphers},
	{"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", tls12and13, tls13Ciphers + " " + gcmCiphers},
	{"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", tls12and13, tls13Ciphers + " " + fsResCiphers},
	{"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", "TLSv1.3", tls13Ciphers},
	{"ELBSecurityPolicy-FS-1-2-Res-2020-10", "TLSv1.2", gcmCiphers},
	{"ELBSecurityPolicy-FS-1-2-Res-2019-08", "TLSv1.2", fsResCiphers},
	{"ELBSecurityPolicy-FS-1-2-2019-08", "TLSv1.2", fsCiphers},
	{"ELBSecurityPolicy-FS-1-1-2019-08", "TLSv1.1 TLSv1.2", fsCiphers},
	{"ELBSecurityPolicy-FS-2018-06", tls10to12, fsCiphers},
	{"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", "TLSv1.2", classicCiphers},
	{"ELBSecurityPolicy-TLS-1-2-2017-01", "TLSv1.2", tls12Ciphers},
	{"ELBSecurityPolicy-TLS-1-1-2017-01", "TLSv1.1 TLSv1.2", classicCiphers},
	{"ELBSecurityPolicy-2015-05", tls10to12, classicCiphers},
	{"ELBSecurityPolicy-TLS-1-0-2015-04", tls10to12, classicCiphers + " DES-CBC3-SHA"},
})

func buildSSLPolicies(defs [][3]string) []elbtypes.SslPolicy {
	out := make([]elbtypes.SslPolicy, len(defs))
	for i, d := range defs {
		p := elbtypes.SslPolicy{Name: aws.String(d[0]), SslProtocols: strings.Fields(d[1]),
			SupportedLoadBalancerTypes: strings.Fields(predefinedPol)}
		for j, c := range strings.Fields(d[2]) {
			p.Ciphers = append(p.Ciphers, elbtypes.Cipher{Name: aws.String(c), Priority: aws.Int32(int32(j + 1))})
		}
		out[i] = p
	}
	return out
}

func sslPolicyExists(name string) bool {
	for _, p := range sslPolicies {
		if *p.Name == name {
			return true
		}
	}
	return false
}
