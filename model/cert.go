package model

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Where a listener's certificate lives.
const (
	CertACM = "acm" // AWS Certificate Manager
	CertIAM = "iam" // an IAM server certificate, from before ACM
)

// Certificate is a TLS certificate a listener serves: an ACM certificate
// (DescribeCertificate) or an IAM server certificate
// (ListServerCertificates).
type Certificate struct {
	ARN      string
	Domain   string
	Source   string    // CertACM or CertIAM
	Type     string    // ACM's AMAZON_ISSUED, IMPORTED or PRIVATE; "" for IAM
	Status   string    // ACM's ISSUED, EXPIRED, REVOKED, ...; "" for IAM
	NotAfter time.Time // zero when unknown
	InUseBy  []string  // ACM: the load balancers (ARNs) that use it
	// Read is when it was read; zero for a certificate hoist has not read
	// (one that no longer exists, or one it may not see).
	Read time.Time
}

// CertSource tells an ACM certificate's ARN
// (arn:aws:acm:region:account:certificate/id) from an IAM server
// certificate's (arn:aws:iam::account:server-certificate/path/name); ""
// for neither.
func CertSource(arn string) string {
	switch {
	case strings.Contains(arn, ":acm:"):
		return CertACM
	case strings.Contains(arn, ":iam:") && strings.Contains(arn, ":server-certificate/"):
		return CertIAM
	}
	return ""
}

// CertName is what an operator calls a certificate: its domain when known,
// else the last part of its ARN.
func (c Certificate) CertName() string {
	if c.Domain != "" {
		return c.Domain
	}
	return lastPart(c.ARN)
}

// DaysLeft is the whole days from now until the certificate expires,
// rounded down: 0 on its last day, negative once it has expired.
func (c Certificate) DaysLeft(now time.Time) int {
	return int(math.Floor(c.NotAfter.Sub(now).Hours() / 24))
}

// Expiry levels of a certificate, by days left.
const (
	ExpiryOK     = ""
	ExpirySoon   = SeverityWarning  // fewer than CertWarningDays
	ExpiryUrgent = SeverityCritical // fewer than CertCriticalDays, or expired
)

// CertExpiry is how loud a certificate with days left should be: "" well
// before expiry, warning under the warning threshold, critical under the
// critical one and once it has expired.
func (t AlertThresholds) CertExpiry(days int) string {
	w, c := t.certDays()
	switch {
	case days < c:
		return ExpiryUrgent
	case days < w:
		return ExpirySoon
	}
	return ExpiryOK
}

// certDays are the certificate thresholds in force: a zero (unset) one
// is the default.
func (t AlertThresholds) certDays() (warning, critical int) {
	warning, critical = t.CertWarnDays, t.CertCritDays
	if warning <= 0 {
		warning = DefaultCertWarningDays
	}
	if critical <= 0 {
		critical = DefaultCertCriticalDays
	}
	return warning, critical
}

// SSLPolicy is a listener security policy (DescribeSSLPolicies).
type SSLPolicy struct {
	Name              string
	Protocols         []string // TLSv1, TLSv1.1, TLSv1.2, TLSv1.3
	Ciphers           int
	LoadBalancerTypes []string // application, network
}

// Outdated reports a policy that still accepts TLS 1.0 or 1.1, which
// browsers have dropped and most compliance regimes refuse.
func (p SSLPolicy) Outdated() bool {
	return slices.Contains(p.Protocols, "TLSv1") || slices.Contains(p.Protocols, "TLSv1.1")
}

// Oldest is the oldest protocol version the policy accepts.
func (p SSLPolicy) Oldest() string {
	for _, v := range []string{"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"} {
		if slices.Contains(p.Protocols, v) {
			return v
		}
	}
	return ""
}

// Certificate returns the certificate with the given ARN, if it was read.
func (s *Snapshot) Certificate(arn string) (*Certificate, bool) {
	for i := range s.Certificates {
		if s.Certificates[i].ARN == arn {
			return &s.Certificates[i], true
		}
	}
	return nil, false
}

// SSLPolicy returns the security policy named name, if it was read.
func (s *Snapshot) SSLPolicy(name string) (*SSLPolicy, bool) {
	for i := range s.SSLPolicies {
		if s.SSLPolicies[i].Name == name {
			return &s.SSLPolicies[i], true
		}
	}
	return nil, false
}

func lastPart(arn string) string {
	if i := strings.LastIndexAny(arn, "/:"); i >= 0 {
		return arn[i+1:]
	}
	return arn
}
