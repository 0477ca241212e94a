package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui"
)

// hoist lb certificate: a listener's security policy and certificates.

func (a *app) lbCertificateCommand() *cobra.Command {
	var policy, def, reason string
	var add, remove []string
	var yes bool
	cmd := &cobra.Command{
		Use:   "certificate LISTENER [--tls-policy P] [--default CERT] | --add CERT... | --remove CERT...",
		Short: "Show or change an HTTPS or TLS listener's security policy and certificates",
		Long: `Show or change an HTTPS or TLS listener's security policy and certificates.
LISTENER is LOAD-BALANCER:PORT (web-alb:443) or the listener's ARN. CERT is
an ACM certificate's ARN or domain, or an IAM server certificate's ARN.

With no flag, hoist shows the listener's policy and certificates and the
choices: the security policies of its kind of load balancer
(DescribeSSLPolicies) and the account's issued ACM certificates.
--tls-policy and --default change the listener itself (ModifyListener);
--add and --remove change the certificates it serves by SNI beside its
default (Add/RemoveListenerCertificates). The default certificate is
replaced with --default, never removed.`,
		Args:              exactArgs(1, "name one listener, as LOAD-BALANCER:PORT or by its ARN"),
		ValidArgsFunction: a.completeListeners,
		RunE: func(cmd *cobra.Command, args []string) error {
			f := cmd.Flags()
			modify := f.Changed("tls-policy") || f.Changed("default")
			switch {
			case len(add) > 0 && len(remove) > 0:
				return usagef("--add and --remove are two changes: make them one at a time")
			case modify && len(add)+len(remove) > 0:
				return usagef("--tls-policy and --default change the listener, --add and --remove its certificate list: make them one at a time")
			}
			req := certRequest{policy: policy, def: def, add: add, remove: remove, modify: modify}
			return a.actOnListener(cmd.Context(), args[0], req, reason, yes)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&policy, "tls-policy", "", "the security policy, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06")
	fl.StringVar(&def, "default", "", "the default certificate")
	fl.StringSliceVar(&add, "add", nil, "certificates to serve by SNI beside the default")
	fl.StringSliceVar(&remove, "remove", nil, "certificates to stop serving by SNI")
	addActFlags(cmd, &reason, &yes)
	return cmd
}

// certRequest is what the certificate command was asked for.
type certRequest struct {
	policy, def string
	add, remove []string
	modify      bool
}

func (r certRequest) none() bool { return !r.modify && len(r.add)+len(r.remove) == 0 }

// actOnListener reads the listener, shows it and its choices when nothing
// was asked, or builds, checks and settles the change.
func (a *app) actOnListener(ctx context.Context, ref string, req certRequest, reason string, yes bool) error {
	c, err := a.connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	lb, l, err := c.session.ListenerNamed(ctx, ref)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s:%d", lb.Name, l.Port)
	if !l.Secure() {
		return &model.ValidationError{Msg: fmt.Sprintf("%s listens on %s: only HTTPS and TLS listeners have a security policy and certificates", name, l.Protocol)}
	}
	ch := &certChoices{a: a, c: c, lbType: lb.Type}
	if req.none() {
		return ch.show(name, l)
	}
	act, note, err := ch.build(name, l, req)
	if err != nil {
		return err
	}
	return a.settle(ctx, c, act, reason, yes, func() string { return changeRows(act, note, ch.names()) })
}

// names are the certificates' domains by ARN, as far as they were read.
func (ch *certChoices) names() map[string]string {
	out := map[string]string{}
	for _, c := range ch.certs {
		out[c.ARN] = c.Domain
	}
	return out
}

// certChoices reads the policies and certificates a listener may take,
// once each, when needed.
type certChoices struct {
	a        *app
	c        *conn
	lbType   string
	policies []model.SSLPolicy
	certs    []model.Certificate
	read     bool
}

func (ch *certChoices) load(ctx context.Context, certs bool) error {
	if ch.policies == nil {
		ps, err := ch.c.session.SSLPolicies(ctx, ch.lbType)
		if err != nil {
			return err
		}
		ch.policies = ps
	}
	if certs && !ch.read {
		cs, err := ch.c.session.Certificates(ctx)
		if err != nil {
			return err
		}
		ch.certs, ch.read = cs, true
	}
	return nil
}

// build turns the request into an action, checking the policy and the
// certificates against the choices.
func (ch *certChoices) build(name string, l *model.Listener, req certRequest) (model.Action, string, error) {
	ctx := context.Background()
	if req.modify {
		to := model.ListenerTLS{Policy: firstOf(req.policy, l.SSLPolicy), Certificate: l.DefaultCertificate()}
		note := ""
		if req.policy != "" {
			p, err := ch.policy(ctx, req.policy, name)
			if err != nil {
				return nil, "", err
			}
			if p.Outdated() {
				note = fmt.Sprintf("note: %s still accepts %s", p.Name, p.Oldest())
			}
		}
		if req.def != "" {
			arn, err := ch.cert(ctx, req.def)
			if err != nil {
				return nil, "", err
			}
			to.Certificate = arn
		}
		return model.EditListener{Listener: l.ARN, Name: name, Protocol: l.Protocol,
			From: model.ListenerTLS{Policy: l.SSLPolicy, Certificate: l.DefaultCertificate()}, To: to}, note, nil
	}
	var arns []string
	for _, ref := range append(slices.Clone(req.add), req.remove...) {
		arn, err := ch.resolve(ctx, ref, l, len(req.remove) > 0)
		if err != nil {
			return nil, "", err
		}
		arns = append(arns, arn)
	}
	if len(req.add) > 0 {
		return model.AddListenerCertificates{Listener: l.ARN, Name: name, Protocol: l.Protocol, Certificates: arns, From: l.Certificates}, "", nil
	}
	return model.RemoveListenerCertificates{Listener: l.ARN, Name: name, Protocol: l.Protocol, Certificates: arns, From: l.Certificates}, "", nil
}

// resolve finds a certificate to add, among the account's, or to remove:
// one on the listener, or an ARN (one not on it leaves nothing to do,
// which the action says).
func (ch *certChoices) resolve(ctx context.Context, ref string, l *model.Listener, removing bool) (string, error) {
	if removing && (slices.Contains(l.Certificates, ref) || strings.HasPrefix(ref, "arn:")) {
		return ref, nil
	}
	return ch.cert(ctx, ref)
}

func (ch *certChoices) policy(ctx context.Context, name, listener string) (*model.SSLPolicy, error) {
	if err := ch.load(ctx, false); err != nil {
		return nil, err
	}
	for i := range ch.policies {
		if ch.policies[i].Name == name {
			return &ch.policies[i], nil
		}
	}
	return nil, usagef("no security policy %q for %s load balancers: hoist lb certificate %s lists them", name, ch.lbType, listener)
}

// cert finds an issued ACM certificate by ARN or domain; an IAM server
// certificate's ARN is taken as it is (AWS checks it).
func (ch *certChoices) cert(ctx context.Context, ref string) (string, error) {
	if model.CertSource(ref) == model.CertIAM {
		return ref, nil
	}
	if err := ch.load(ctx, true); err != nil {
		return "", err
	}
	var found []string
	for _, c := range ch.certs {
		if c.ARN == ref || c.Domain == ref {
			found = append(found, c.ARN)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return "", usagef("%d issued certificates are for %s: name one by its ARN", len(found), ref)
	case strings.HasPrefix(ref, "arn:"):
		return "", usagef("%s is not an issued ACM certificate of this account and region", ref)
	}
	return "", usagef("no issued ACM certificate for %q in this account and region", ref)
}

// show prints the listener's policy and certificates and the choices.
func (ch *certChoices) show(name string, l *model.Listener) error {
	ctx := context.Background()
	if err := ch.load(ctx, true); err != nil {
		return err
	}
	w, now, th := ch.a.stdout, time.Now(), ch.c.cfg.Alerts
	fmt.Fprintf(w, "%s  %s  security policy %s\n", ui.Printable(name), l.Protocol, ui.Printable(l.SSLPolicy))
	known := map[string]model.Certificate{}
	for _, c := range ch.certs {
		known[c.ARN] = c
	}
	for i, arn := range l.Certificates {
		c, ok := known[arn]
		if !ok {
			c = model.Certificate{ARN: arn, Source: model.CertSource(arn)}
		}
		role := "  sni    "
		if i == 0 {
			role = "  default"
		}
		fmt.Fprintf(w, "%s %s\n", role, certLine(c, now, th))
	}
	fmt.Fprintf(w, "\nSecurity policies for %s load balancers (--tls-policy):\n", ch.lbType)
	for _, p := range ch.policies {
		printPolicy(w, p, p.Name == l.SSLPolicy)
	}
	fmt.Fprintln(w, "\nIssued ACM certificates (--default, --add, --remove):")
	for _, c := range ch.certs {
		fmt.Fprintf(w, "  %s\n", certLine(c, now, th))
	}
	return nil
}

func printPolicy(w io.Writer, p model.SSLPolicy, current bool) {
	mark := " "
	if current {
		mark = "*"
	}
	note := ""
	if p.Outdated() {
		note = "  accepts " + p.Oldest()
	}
	fmt.Fprintf(w, " %s %s  %s%s\n", mark, ui.Printable(p.Name), strings.Join(p.Protocols, " "), note)
}

// certLine is one certificate in words: name, source, expiry and flag.
func certLine(c model.Certificate, now time.Time, th model.AlertThresholds) string {
	s := ui.Printable(c.CertName())
	if c.Source != "" {
		s += "  " + strings.ToUpper(c.Source)
	}
	if !c.NotAfter.IsZero() {
		days := c.DaysLeft(now)
		s += fmt.Sprintf("  expires %s (%s)", c.NotAfter.UTC().Format("2006-01-02"), daysWord(days))
		if flag := th.CertExpiry(days); flag != "" {
			s += "  " + strings.ToUpper(flag)
		}
	}
	return s + "  " + ui.Printable(c.ARN)
}

func daysWord(days int) string {
	switch {
	case days < 0:
		return fmt.Sprintf("expired %d days ago", -days)
	case days == 1:
		return "1 day left"
	}
	return fmt.Sprintf("%d days left", days)
}
