package lb

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/dialog"
	"github.com/solemate/hoist/ui/form"
	"github.com/solemate/hoist/ui/intent"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// The listener's forms: its security policy and default certificate
// (ModifyListener), and the certificates it serves by SNI
// (Add/RemoveListenerCertificates). The choices are the security
// policies of its kind of load balancer and the account's issued
// certificates, read when the form is asked for (intent.Choices).

// listenerCtx is what a listener form needs, copied when the key is
// pressed: the form opens after the choices are read, when the snapshot
// may have moved on.
type listenerCtx struct {
	arn, name, protocol, lbType string
	policy                      string
	certs                       []string // the default first
	known                       map[string]model.Certificate
	now                         time.Time
	th                          model.AlertThresholds
	readOnly                    bool
}

func (s *Screen) listenerCtx(env *screen.Env) listenerCtx {
	lv, _ := s.actListener()
	v, _ := s.selected()
	l := lv.Listener
	c := listenerCtx{arn: l.ARN, name: lv.Name, protocol: l.Protocol, lbType: v.LB.Type, policy: l.SSLPolicy,
		certs: slices.Clone(l.Certificates), known: map[string]model.Certificate{}, now: env.ServerNow(), th: env.Thresholds, readOnly: env.ReadOnly}
	for _, cv := range lv.Certificates {
		if cv.Cert != nil {
			c.known[cv.ARN] = *cv.Cert
		}
	}
	return c
}

// certOption is a certificate as a choice: its domain (with its id when
// two share one) and its expiry.
func (c listenerCtx) certOption(arn string, all []model.Certificate) form.Option {
	cert, ok := c.known[arn]
	if i := slices.IndexFunc(all, func(x model.Certificate) bool { return x.ARN == arn }); i >= 0 {
		cert, ok = all[i], true
	}
	o := form.Option{Value: arn, Label: lastPart(arn)}
	if !ok {
		return o
	}
	o.Label = cert.CertName()
	if slices.ContainsFunc(all, func(x model.Certificate) bool { return x.ARN != arn && x.Domain == cert.Domain && cert.Domain != "" }) {
		o.Label += " (" + shortID(arn) + ")"
	}
	if !cert.NotAfter.IsZero() {
		days := cert.DaysLeft(c.now)
		o.Note = "expires " + cert.NotAfter.UTC().Format("2006-01-02") + ", " + daysWord(days)
		if flag := c.th.CertExpiry(days); flag != "" {
			o.Note += " " + strings.ToUpper(flag)
		}
	}
	if len(c.certs) > 0 && c.certs[0] == arn {
		o.Note = "the default now; " + o.Note
	}
	return o
}

// named are preview lines with each certificate's ARN as its name.
func (c listenerCtx) named(lines []string, err error, all []model.Certificate) ([]string, error) {
	arns := slices.Clone(c.certs)
	for _, x := range all {
		arns = append(arns, x.ARN)
	}
	for i := range lines {
		for _, arn := range arns {
			lines[i] = strings.ReplaceAll(lines[i], arn, c.certOption(arn, all).Label)
		}
	}
	return lines, err
}

func lastPart(arn string) string { return arn[strings.LastIndexAny(arn, "/:")+1:] }

// shortID is the start of a certificate's id, enough to tell two apart.
func shortID(arn string) string {
	id := lastPart(arn)
	return id[:min(len(id), 8)]
}

// editTLS reads the choices, then opens the form of the listener's
// security policy and default certificate.
func (s *Screen) editTLS(env *screen.Env) tea.Msg {
	c := s.listenerCtx(env)
	return intent.Choices{LBType: c.lbType, Then: func(ps []model.SSLPolicy, certs []model.Certificate) tea.Msg {
		return screen.Open{Dialog: c.tlsForm(ps, certs)}
	}}
}

func (c listenerCtx) tlsForm(ps []model.SSLPolicy, certs []model.Certificate) *form.Form {
	var policies []form.Option
	for _, p := range ps {
		note := strings.Join(p.Protocols, " ")
		if p.Outdated() {
			note += ": accepts " + p.Oldest() + ", outdated"
		}
		if p.Name == c.policy {
			note += " (now)"
		}
		policies = append(policies, form.Option{Value: p.Name, Note: note})
	}
	if !slices.ContainsFunc(policies, func(o form.Option) bool { return o.Value == c.policy }) {
		policies = append([]form.Option{{Value: c.policy, Note: "(now)"}}, policies...)
	}
	def := ""
	if len(c.certs) > 0 {
		def = c.certs[0]
	}
	opts := []form.Option{c.certOption(def, certs)}
	for _, x := range certs {
		if x.ARN != def {
			opts = append(opts, c.certOption(x.ARN, certs))
		}
	}
	from := model.ListenerTLS{Policy: c.policy, Certificate: def}
	build := func(vs form.Values) model.EditListener {
		return model.EditListener{Listener: c.arn, Name: c.name, Protocol: c.protocol, From: from,
			To: model.ListenerTLS{Policy: vs[0].Text, Certificate: vs[1].Text}}
	}
	return newForm("TLS of "+text.Printable(c.name), []form.Field{
		{Label: "security policy", Kind: form.Choice, Value: c.policy, Options: policies,
			Help: "the TLS versions and ciphers the listener accepts; one that accepts TLSv1 or TLSv1.1 is outdated"},
		{Label: "default certificate", Kind: form.Choice, Value: def, Options: opts,
			Help: "the certificate served to clients that name no host the others cover (the account's issued ACM certificates)"},
	}, func(vs form.Values) ([]string, error) {
		a := build(vs)
		var notes []string
		if i := slices.IndexFunc(ps, func(p model.SSLPolicy) bool { return p.Name == a.To.Policy }); i >= 0 && ps[i].Outdated() {
			notes = append(notes, "note: "+a.To.Policy+" still accepts "+ps[i].Oldest())
		}
		lines, err := previewOf(a, notes...)
		return c.named(lines, err, certs)
	}, func(vs form.Values) (tea.Msg, error) { return proposeOf(build(vs), c.readOnly) })
}

// addCert reads the account's certificates, then opens the form that adds
// one the listener does not serve.
func (s *Screen) addCert(env *screen.Env) tea.Msg {
	c := s.listenerCtx(env)
	return intent.Choices{LBType: c.lbType, Then: func(_ []model.SSLPolicy, certs []model.Certificate) tea.Msg {
		var opts []form.Option
		for _, x := range certs {
			if !slices.Contains(c.certs, x.ARN) {
				opts = append(opts, c.certOption(x.ARN, certs))
			}
		}
		if len(opts) == 0 {
			return intent.Status{Kind: intent.Info, Text: "every issued certificate of the account is on " + c.name + " already"}
		}
		return screen.Open{Dialog: c.certForm("Add a certificate to "+text.Printable(c.name), opts, certs,
			"an issued ACM certificate the listener then serves by SNI, beside its default",
			func(arn string) model.Action {
				return model.AddListenerCertificates{Listener: c.arn, Name: c.name, Protocol: c.protocol, Certificates: []string{arn}, From: c.certs}
			})}
	}}
}

// removeCert opens the form that takes a certificate served by SNI off
// the listener.
func (s *Screen) removeCert(env *screen.Env) tea.Msg {
	c := s.listenerCtx(env)
	var opts []form.Option
	for _, arn := range c.certs[1:] {
		opts = append(opts, c.certOption(arn, nil))
	}
	return screen.Open{Dialog: c.certForm("Remove a certificate from "+text.Printable(c.name), opts, nil,
		"a certificate it serves by SNI; clients that ask for its host then get the default one",
		func(arn string) model.Action {
			return model.RemoveListenerCertificates{Listener: c.arn, Name: c.name, Protocol: c.protocol, Certificates: []string{arn}, From: c.certs}
		})}
}

// certForm is a one-field form choosing a certificate for build.
func (c listenerCtx) certForm(head string, opts []form.Option, all []model.Certificate, help string, build func(arn string) model.Action) *form.Form {
	return newForm(head, []form.Field{{Label: "certificate", Kind: form.Choice, Value: opts[0].Value, Options: opts, Help: help}},
		func(vs form.Values) ([]string, error) {
			lines, err := previewOf(build(vs[0].Text))
			return c.named(lines, err, all)
		},
		func(vs form.Values) (tea.Msg, error) { return proposeOf(build(vs[0].Text), c.readOnly) })
}

// create opens a form for a new load balancer's name, type and scheme
// whose answer is the aws CLI command that would create it: creating load
// balancers is infrastructure-as-code's job, as `hoist lb create` says.
func (s *Screen) create(env *screen.Env) tea.Msg {
	region := regionOf(env)
	cmd := func(vs form.Values) string {
		var subnets []string
		for _, sn := range strings.Split(vs[3].Text, ",") {
			if sn = strings.TrimSpace(sn); sn != "" {
				subnets = append(subnets, sn)
			}
		}
		return model.CreateLBCommand(vs[0].Text, vs[1].Text, vs[2].Text, subnets, region)
	}
	return screen.Open{Dialog: newForm("New load balancer (hoist sends nothing)", []form.Field{
		{Label: "name", Value: "", Limit: 32, Help: "1 to 32 letters, digits and hyphens, not starting or ending with a hyphen", Check: lbNameCheck},
		{Label: "type", Kind: form.Choice, Value: model.LBApplication, Options: []form.Option{
			{Value: model.LBApplication, Note: "HTTP and HTTPS"}, {Value: model.LBNetwork, Note: "TCP, TLS and UDP"}}},
		{Label: "scheme", Kind: form.Choice, Value: "internet-facing", Options: []form.Option{{Value: "internet-facing"}, {Value: "internal"}}},
		{Label: "subnets", Limit: 200, Help: "one subnet per zone, separated by commas (placeholders when left empty)"},
	}, func(vs form.Values) ([]string, error) { return []string{cmd(vs)}, nil },
		func(vs form.Values) (tea.Msg, error) {
			return dialog.Close{Then: screen.Open{Dialog: dialog.NewNote("Create a load balancer",
				"hoist does not create load balancers: that is infrastructure-as-code's job. This is the command that would:", cmd(vs))}}, nil
		})}
}

func lbNameCheck(v form.Value) error {
	n := v.Text
	ok := n != "" && len(n) <= 32 && !strings.HasPrefix(n, "-") && !strings.HasSuffix(n, "-") && !strings.HasPrefix(n, "internal-") &&
		!strings.ContainsFunc(n, func(r rune) bool {
			return !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		})
	if !ok {
		return fmt.Errorf("%q is not a load balancer name: 1 to 32 letters, digits and hyphens, not starting or ending with one", n)
	}
	return nil
}

// delete shows the aws CLI command that would delete the selected load
// balancer; hoist sends nothing.
func (s *Screen) delete(env *screen.Env) tea.Msg {
	v, _ := s.selected()
	return screen.Open{Dialog: dialog.NewNote("Delete "+text.Printable(v.LB.Name),
		"hoist does not delete load balancers: that is infrastructure-as-code's job, and a delete cannot be undone. This is the command that would:",
		model.DeleteLBCommand(v.LB, regionOf(env)))}
}
