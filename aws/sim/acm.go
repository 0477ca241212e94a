package sim

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// acmAPI holds the AWS Certificate Manager handlers.
type acmAPI struct{ s *Simulator }

// certificate is one ACM certificate. Its status follows the clock: an
// issued certificate past NotAfter is EXPIRED, as ACM reports it.
type certificate struct {
	arn       string
	domain    string
	sans      []string
	typ       acmtypes.CertificateType
	keyAlg    acmtypes.KeyAlgorithm // the filter's spelling, RSA_2048
	issuer    string
	serial    string
	created   time.Time
	notBefore time.Time
	notAfter  time.Time
	status    acmtypes.CertificateStatus // ISSUED unless set otherwise; see certStatus
}

type acmState struct {
	certs map[string]*certificate
	order []*certificate // creation order, ListCertificates' order
}

// addCertificate records a certificate valid from notBefore for validity.
func (s *Simulator) addCertificate(domain string, sans []string, typ acmtypes.CertificateType, alg acmtypes.KeyAlgorithm, issuer string, notBefore time.Time, validity time.Duration) *certificate {
	if s.acm.certs == nil {
		s.acm.certs = map[string]*certificate{}
	}
	c := &certificate{
		arn: s.certARN(), domain: domain, sans: append([]string{domain}, sans...), typ: typ, keyAlg: alg,
		issuer: issuer, serial: serialOf(s.hexID(32)), created: notBefore.Add(-10 * time.Minute),
		notBefore: notBefore, notAfter: notBefore.Add(validity), status: acmtypes.CertificateStatusIssued,
	}
	s.acm.certs[c.arn] = c
	s.acm.order = append(s.acm.order, c)
	return c
}

func serialOf(h string) string {
	var b strings.Builder
	for i := 0; i+2 <= len(h); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// certStatus is ISSUED until NotAfter, then EXPIRED.
func (s *Simulator) certStatus(c *certificate) acmtypes.CertificateStatus {
	if c.status == acmtypes.CertificateStatusIssued && !s.now.Before(c.notAfter) {
		return acmtypes.CertificateStatusExpired
	}
	return c.status
}

// certUsable: a listener takes only an issued, unexpired certificate.
func (s *Simulator) certUsable(arn string) bool {
	c := s.acm.certs[arn]
	return c != nil && s.certStatus(c) == acmtypes.CertificateStatusIssued
}

// inUseBy lists the load balancers whose listeners carry the certificate.
func (s *Simulator) inUseBy(arn string) []string {
	out := []string{}
	for _, lb := range s.lbOrder {
		for _, l := range lb.listeners {
			if slices.Contains(l.certs, arn) {
				out = append(out, lb.arn)
				break
			}
		}
	}
	return out
}

// keyAlgorithmName is DescribeCertificate's spelling of a key algorithm:
// "RSA-2048" where the filters say RSA_2048 (the aws CLI's own example
// shows it so).
func keyAlgorithmName(a acmtypes.KeyAlgorithm) acmtypes.KeyAlgorithm {
	return acmtypes.KeyAlgorithm(strings.Replace(string(a), "_", "-", 1))
}

func (c *certificate) keyUsages() ([]acmtypes.KeyUsageName, []acmtypes.ExtendedKeyUsageName) {
	ku := []acmtypes.KeyUsageName{acmtypes.KeyUsageNameDigitalSignature}
	if strings.HasPrefix(string(c.keyAlg), "RSA") {
		ku = append(ku, acmtypes.KeyUsageNameKeyEncipherment)
	}
	return ku, []acmtypes.ExtendedKeyUsageName{acmtypes.ExtendedKeyUsageNameTlsWebServerAuthentication, acmtypes.ExtendedKeyUsageNameTlsWebClientAuthentication}
}

func (s *Simulator) renewalEligibility(c *certificate, inUse bool) acmtypes.RenewalEligibility {
	if c.typ != acmtypes.CertificateTypeImported && inUse {
		return acmtypes.RenewalEligibilityEligible
	}
	return acmtypes.RenewalEligibilityIneligible
}

func (s *Simulator) certSummary(c *certificate) acmtypes.CertificateSummary {
	inUse := len(s.inUseBy(c.arn)) > 0
	ku, eku := c.keyUsages()
	out := acmtypes.CertificateSummary{
		CertificateArn: aws.String(c.arn), DomainName: aws.String(c.domain),
		SubjectAlternativeNameSummaries: c.sans, HasAdditionalSubjectAlternativeNames: aws.Bool(false),
		Status: s.certStatus(c), Type: c.typ, KeyAlgorithm: c.keyAlg, KeyUsages: ku, ExtendedKeyUsages: eku,
		InUse: aws.Bool(inUse), Exported: aws.Bool(false), ExportOption: acmtypes.CertificateExportDisabled,
		RenewalEligibility: s.renewalEligibility(c, inUse),
		CreatedAt:          aws.Time(c.created), NotBefore: aws.Time(c.notBefore), NotAfter: aws.Time(c.notAfter),
	}
	if c.typ == acmtypes.CertificateTypeImported {
		out.ImportedAt = aws.Time(c.created)
	} else {
		out.IssuedAt = aws.Time(c.notBefore)
	}
	return out
}

const acmARNPattern = `arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(/[\w+=,.@-]+)*`

var acmARN = regexp.MustCompile(`^` + acmARNPattern + `$`)

func acmValidation(format string, args ...any) error {
	return &acmtypes.ValidationException{Message: aws.String("1 validation error detected: " + fmt.Sprintf(format, args...))}
}

func (a acmAPI) DescribeCertificate(ctx context.Context, in *acm.DescribeCertificateInput) (*acm.DescribeCertificateOutput, error) {
	s := a.s
	arn := aws.ToString(in.CertificateArn)
	switch {
	case in.CertificateArn == nil:
		return nil, acmValidation("Value null at 'certificateArn' failed to satisfy constraint: Member must not be null")
	case len(arn) < 20 || !acmARN.MatchString(arn):
		return nil, acmValidation("Value '%s' at 'certificateArn' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", arn, acmARNPattern)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.acm.certs[arn]
	if c == nil {
		return nil, &acmtypes.ResourceNotFoundException{Message: aws.String("Could not find certificate " + arn + ".")}
	}
	sum := s.certSummary(c)
	used := s.inUseBy(c.arn)
	d := &acmtypes.CertificateDetail{
		CertificateArn: sum.CertificateArn, DomainName: sum.DomainName, SubjectAlternativeNames: c.sans,
		Status: sum.Status, Type: c.typ, KeyAlgorithm: keyAlgorithmName(c.keyAlg), KeyUsages: []acmtypes.KeyUsage{},
		InUseBy: used, Issuer: aws.String(c.issuer), Serial: aws.String(c.serial), Subject: aws.String("CN=" + c.domain),
		SignatureAlgorithm: aws.String("SHA256WITHRSA"), CreatedAt: sum.CreatedAt, NotBefore: sum.NotBefore, NotAfter: sum.NotAfter,
		IssuedAt: sum.IssuedAt, ImportedAt: sum.ImportedAt, RenewalEligibility: sum.RenewalEligibility,
		Options: &acmtypes.CertificateOptions{Export: acmtypes.CertificateExportDisabled},
	}
	for _, k := range sum.KeyUsages {
		d.KeyUsages = append(d.KeyUsages, acmtypes.KeyUsage{Name: k})
	}
	for _, k := range sum.ExtendedKeyUsages {
		d.ExtendedKeyUsages = append(d.ExtendedKeyUsages, acmtypes.ExtendedKeyUsage{Name: k, OID: aws.String(ekuOID[k])})
	}
	if c.typ == acmtypes.CertificateTypeAmazonIssued {
		for _, n := range c.sans {
			d.DomainValidationOptions = append(d.DomainValidationOptions, acmtypes.DomainValidation{
				DomainName: aws.String(n), ValidationDomain: aws.String(n), ValidationMethod: acmtypes.ValidationMethodDns,
				ValidationStatus: acmtypes.DomainStatusSuccess,
				ResourceRecord: &acmtypes.ResourceRecord{Name: aws.String("_" + s.hexIDOf(n) + "." + strings.TrimPrefix(n, "*.") + "."),
					Type: acmtypes.RecordTypeCname, Value: aws.String("_" + s.hexIDOf(n+"v") + ".acm-validations.aws.")},
			})
		}
	}
	return &acm.DescribeCertificateOutput{Certificate: d}, nil
}

var ekuOID = map[acmtypes.ExtendedKeyUsageName]string{
	acmtypes.ExtendedKeyUsageNameTlsWebServerAuthentication: "1.3.6.1.5.5.7.3.1",
	acmtypes.ExtendedKeyUsageNameTlsWebClientAuthentication: "1.3.6.1.5.5.7.3.2",
}

// hexIDOf is a stable 32-digit hex label for a name (validation records).
func (s *Simulator) hexIDOf(name string) string {
	return fmt.Sprintf("%016x%016x", mix(strHash(name)^s.seed), mix(strHash(name)+1))
}

// ListCertificates filters as ACM does: without Includes.keyTypes only
// RSA_1024 and RSA_2048 certificates are listed, so an ECDSA certificate a
// listener uses is missing unless asked for (docs/aws-facts.md:
// Certificates).
func (a acmAPI) ListCertificates(ctx context.Context, in *acm.ListCertificatesInput) (*acm.ListCertificatesOutput, error) {
	s := a.s
	size := 1000
	if in.MaxItems != nil {
		if v := *in.MaxItems; v < 1 || v > 1000 {
			return nil, acmValidation("Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", v)
		}
		size = int(*in.MaxItems)
	}
	off, ok := parseToken("acm", in.NextToken)
	if !ok {
		return nil, &acmtypes.InvalidArgsException{Message: aws.String("The NextToken is invalid.")}
	}
	keep, err := certFilter(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var list []*certificate
	for _, c := range s.acm.order {
		if keep(c, s.certStatus(c)) {
			list = append(list, c)
		}
	}
	if in.SortBy == acmtypes.SortByCreatedAt && in.SortOrder == acmtypes.SortOrderDescending {
		slices.Reverse(list)
	}
	page, next := pageOf("acm", list, off, size)
	out := &acm.ListCertificatesOutput{CertificateSummaryList: []acmtypes.CertificateSummary{}, NextToken: next}
	for _, c := range page {
		out.CertificateSummaryList = append(out.CertificateSummaryList, s.certSummary(c))
	}
	return out, nil
}

var (
	keyTypes = []acmtypes.KeyAlgorithm{acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048, acmtypes.KeyAlgorithmEcSecp384r1,
		acmtypes.KeyAlgorithmEcPrime256v1, acmtypes.KeyAlgorithmEcSecp521r1, acmtypes.KeyAlgorithmRsa3072, acmtypes.KeyAlgorithmRsa4096}
	certStatuses = acmtypes.CertificateStatus("").Values()
)

// certFilter reads ListCertificates' statuses and Includes into a predicate.
func certFilter(in *acm.ListCertificatesInput) (func(*certificate, acmtypes.CertificateStatus) bool, error) {
	for _, st := range in.CertificateStatuses {
		if !slices.Contains(certStatuses, st) {
			return nil, acmValidation("Value '%v' at 'certificateStatuses' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: %v]", in.CertificateStatuses, enumList(certStatuses))
		}
	}
	inc := in.Includes
	if inc == nil {
		inc = &acmtypes.Filters{}
	}
	kt := inc.KeyTypes
	for _, k := range kt {
		if !slices.Contains(keyTypes, k) {
			return nil, acmValidation("Value '%v' at 'includes.keyTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: %v]", kt, enumList(keyTypes))
		}
	}
	if len(kt) == 0 {
		kt = []acmtypes.KeyAlgorithm{acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048}
	}
	return func(c *certificate, st acmtypes.CertificateStatus) bool {
		if len(in.CertificateStatuses) > 0 && !slices.Contains(in.CertificateStatuses, st) {
			return false
		}
		if !slices.Contains(kt, c.keyAlg) || inc.ManagedBy != "" || inc.ExportOption == acmtypes.CertificateExportEnabled {
			return false
		}
		ku, eku := c.keyUsages()
		for _, k := range inc.KeyUsage {
			if k != acmtypes.KeyUsageNameAny && !slices.Contains(ku, k) {
				return false
			}
		}
		for _, k := range inc.ExtendedKeyUsage {
			if k != acmtypes.ExtendedKeyUsageNameAny && !slices.Contains(eku, k) {
				return false
			}
		}
		return true
	}, nil
}

func enumList[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// platformCerts are the certificates the platform's listeners use.
type platformCerts struct{ www, legacy, internal string }

// platformCertificates issues the platform's certificates: the storefront's
// (Amazon-issued), an imported one for the old brand domain that expires
// in four days, an ECDSA private one for the internal API (which
// ListCertificates hides by default), an unused staging one and an expired
// one left over from last year's sale.
func (s *Simulator) platformCertificates() platformCerts {
	const day = 24 * time.Hour
	now := s.now
	www := s.addCertificate("www.solemate.example", []string{"solemate.example", "*.solemate.example"},
		acmtypes.CertificateTypeAmazonIssued, acmtypes.KeyAlgorithmRsa2048, "Amazon RSA 2048 M02", now.Add(-61*day), 395*day)
	legacyEnd := now.Add(4*day + 6*time.Hour)
	legacy := s.addCertificate("www.solemate-shoes.example", []string{"solemate-shoes.example"},
		acmtypes.CertificateTypeImported, acmtypes.KeyAlgorithmRsa2048, "Sectigo RSA Domain Validation Secure Server CA", legacyEnd.Add(-365*day), 365*day)
	internal := s.addCertificate("api.internal.solemate.example", nil,
		acmtypes.CertificateTypePrivate, acmtypes.KeyAlgorithmEcPrime256v1, "SoleMate Internal Issuing CA G2", now.Add(-30*day), 365*day)
	s.addCertificate("staging.solemate.example", []string{"*.staging.solemate.example"},
		acmtypes.CertificateTypeAmazonIssued, acmtypes.KeyAlgorithmRsa2048, "Amazon RSA 2048 M03", now.Add(-100*day), 395*day)
	s.addCertificate("blackfriday2025.solemate.example", nil,
		acmtypes.CertificateTypeImported, acmtypes.KeyAlgorithmRsa2048, "Sectigo RSA Domain Validation Secure Server CA", now.Add(-400*day), 366*day)
	return platformCerts{www.arn, legacy.arn, internal.arn}
}
