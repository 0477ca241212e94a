package model

import (
	"slices"
	"strings"
)

// Actions on HTTPS and TLS listeners: the security policy and the default
// certificate (ModifyListener), and the certificate list served by SNI
// (AddListenerCertificates, RemoveListenerCertificates). A listener is
// named by its ARN (what is re-read and sent) and as LOAD-BALANCER:PORT
// (what the operator reads).

func listenerTarget(name string) string { return "listener/" + name }

func (c Current) listener(arn, name string) (*Listener, error) {
	if c.Listener == nil || c.Listener.ARN != arn {
		return nil, invalid("listener %s no longer exists", name)
	}
	return c.Listener, nil
}

// checkSecure refuses a listener that has no TLS to change.
func checkSecure(arn, name, protocol string) error {
	if err := checkName("listener", arn); err != nil {
		return err
	}
	if protocol != "HTTPS" && protocol != "TLS" {
		return invalid("%s listens on %s: only HTTPS and TLS listeners have a security policy and certificates", name, protocol)
	}
	return nil
}

func checkCertARN(arn string) error {
	if CertSource(arn) == "" {
		return invalid("%q is not a certificate ARN: give an ACM certificate's (arn:aws:acm:...:certificate/...) or an IAM server certificate's", arn)
	}
	return nil
}

// ListenerTLS is what ModifyListener sets on a secure listener.
type ListenerTLS struct {
	Policy      string // the security policy's name
	Certificate string // the default certificate's ARN
}

// EditListener sets a listener's security policy and default certificate,
// both as absolute values; both as the operator saw them (From) must
// still hold.
type EditListener struct {
	Listener string // ARN
	Name     string // LOAD-BALANCER:PORT
	Protocol string
	From, To ListenerTLS
}

func (a EditListener) Kind() Kind        { return KindEditListener }
func (a EditListener) GroupName() string { return "" }
func (a EditListener) Target() string    { return listenerTarget(a.Name) }
func (a EditListener) Mutating() bool    { return true }
func (a EditListener) Precondition() Ref { return Ref{Kind: RefListener, Name: a.Listener} }
func (a EditListener) Before() string    { return sideOf(a.Changes(), false) }
func (a EditListener) After() string     { return sideOf(a.Changes(), true) }

func (a EditListener) Changes() []FieldChange {
	cs := changed(nil, "security policy", a.From.Policy, a.To.Policy)
	return changed(cs, "default certificate", a.From.Certificate, a.To.Certificate)
}

func (a EditListener) validate() error {
	if err := checkSecure(a.Listener, a.Name, a.Protocol); err != nil {
		return err
	}
	switch p := a.To.Policy; {
	case p == "":
		return invalid("name a security policy for %s", a.Name)
	case strings.ContainsFunc(p, func(r rune) bool { return r <= ' ' || r > '~' }):
		return invalid("%q is not a security policy name", p)
	}
	if err := checkCertARN(a.To.Certificate); err != nil {
		return err
	}
	if a.To == a.From {
		return ErrNoChange
	}
	return nil
}

func (a EditListener) check(cur Current) error {
	l, err := cur.listener(a.Listener, a.Name)
	if err != nil {
		return err
	}
	if l.SSLPolicy != a.From.Policy {
		return &ConflictError{What: "the security policy of " + a.Name, Saw: a.From.Policy, Now: l.SSLPolicy}
	}
	if now := l.DefaultCertificate(); now != a.From.Certificate {
		return &ConflictError{What: "the default certificate of " + a.Name, Saw: a.From.Certificate, Now: now}
	}
	return nil
}

// The two sides of a certificate on a listener's list.
const (
	certListed    = "on the listener"
	certNotListed = "not on the listener"
)

// AddListenerCertificates puts certificates on a listener's list, which
// it serves by SNI beside its default certificate. It is absolute: each
// named certificate is to be on the list; those already there are not
// sent.
type AddListenerCertificates struct {
	Listener     string // ARN
	Name         string // LOAD-BALANCER:PORT
	Protocol     string
	Certificates []string // ARNs
	From         []string // the listener's certificates as the operator saw them, the default first
}

func (a AddListenerCertificates) Kind() Kind        { return KindAddCerts }
func (a AddListenerCertificates) GroupName() string { return "" }
func (a AddListenerCertificates) Target() string    { return listenerTarget(a.Name) }
func (a AddListenerCertificates) Mutating() bool    { return true }
func (a AddListenerCertificates) Precondition() Ref { return Ref{Kind: RefListener, Name: a.Listener} }
func (a AddListenerCertificates) Before() string    { return sideOf(a.Changes(), false) }
func (a AddListenerCertificates) After() string     { return sideOf(a.Changes(), true) }

func (a AddListenerCertificates) Changes() []FieldChange {
	var cs []FieldChange
	for _, c := range a.Send() {
		cs = append(cs, FieldChange{Field: "certificate " + c, Before: certNotListed, After: certListed})
	}
	return cs
}

// Send is the certificates to add: those not on the listener already.
func (a AddListenerCertificates) Send() []string {
	return slices.DeleteFunc(uniq(a.Certificates), func(c string) bool { return slices.Contains(a.From, c) })
}

func (a AddListenerCertificates) validate() error {
	if err := validateCerts(a.Listener, a.Name, a.Protocol, a.Certificates); err != nil {
		return err
	}
	if len(a.Send()) == 0 {
		return ErrNoChange
	}
	return nil
}

func (a AddListenerCertificates) check(cur Current) error {
	return checkListed(cur, a.Listener, a.Name, a.Certificates, a.From)
}

// RemoveListenerCertificates takes certificates off a listener's list.
// The default certificate is not on it: it is replaced (EditListener),
// never removed.
type RemoveListenerCertificates struct {
	Listener     string // ARN
	Name         string // LOAD-BALANCER:PORT
	Protocol     string
	Certificates []string // ARNs
	From         []string // the listener's certificates as the operator saw them, the default first
}

func (a RemoveListenerCertificates) Kind() Kind        { return KindRemoveCerts }
func (a RemoveListenerCertificates) GroupName() string { return "" }
func (a RemoveListenerCertificates) Target() string    { return listenerTarget(a.Name) }
func (a RemoveListenerCertificates) Mutating() bool    { return true }
func (a RemoveListenerCertificates) Precondition() Ref {
	return Ref{Kind: RefListener, Name: a.Listener}
}
func (a RemoveListenerCertificates) Before() string { return sideOf(a.Changes(), false) }
func (a RemoveListenerCertificates) After() string  { return sideOf(a.Changes(), true) }

func (a RemoveListenerCertificates) Changes() []FieldChange {
	var cs []FieldChange
	for _, c := range a.Send() {
		cs = append(cs, FieldChange{Field: "certificate " + c, Before: certListed, After: certNotListed})
	}
	return cs
}

// Send is the certificates to remove: those on the listener.
func (a RemoveListenerCertificates) Send() []string {
	return slices.DeleteFunc(uniq(a.Certificates), func(c string) bool { return !slices.Contains(a.From, c) })
}

func (a RemoveListenerCertificates) validate() error {
	if err := validateCerts(a.Listener, a.Name, a.Protocol, a.Certificates); err != nil {
		return err
	}
	if len(a.From) > 0 && slices.Contains(a.Certificates, a.From[0]) {
		return invalid("%s is the default certificate of %s: make another certificate the default first; AWS removes only the others", a.From[0], a.Name)
	}
	if len(a.Send()) == 0 {
		return ErrNoChange
	}
	return nil
}

func (a RemoveListenerCertificates) check(cur Current) error {
	return checkListed(cur, a.Listener, a.Name, a.Certificates, a.From)
}

func validateCerts(arn, name, protocol string, certs []string) error {
	if err := checkSecure(arn, name, protocol); err != nil {
		return err
	}
	if len(certs) == 0 {
		return invalid("name at least one certificate")
	}
	for _, c := range certs {
		if err := checkCertARN(c); err != nil {
			return err
		}
	}
	return nil
}

// checkListed conflicts when one of the named certificates was put on or
// taken off the listener since the operator looked, or the default
// certificate changed.
func checkListed(cur Current, arn, name string, certs, saw []string) error {
	l, err := cur.listener(arn, name)
	if err != nil {
		return err
	}
	if len(saw) > 0 && l.DefaultCertificate() != saw[0] {
		return &ConflictError{What: "the default certificate of " + name, Saw: saw[0], Now: l.DefaultCertificate()}
	}
	for _, c := range certs {
		now, was := slices.Contains(l.Certificates, c), slices.Contains(saw, c)
		if now != was {
			return &ConflictError{What: "certificate " + c + " of " + name, Saw: listedString(was), Now: listedString(now)}
		}
	}
	return nil
}

func listedString(on bool) string {
	if on {
		return certListed
	}
	return certNotListed
}

// uniq is s without repeats, in order.
func uniq(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
