package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/ui/intent"
)

// choicesMsg carries what a listener may be given, read by a command for
// an intent.Choices.
type choicesMsg struct {
	then     func([]model.SSLPolicy, []model.Certificate) tea.Msg
	policies []model.SSLPolicy
	certs    []model.Certificate
	err      error
}

// readChoices reads the security policies of a kind of load balancer and
// the account's certificates in a command (both block).
func (m *Model) readChoices(c intent.Choices) tea.Cmd {
	m.setStatus(intent.Info, "reading the security policies and the account's certificates ...")
	b, region := m.backend, m.focus() // the load balancer's region
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		ps, err := b.SSLPolicies(ctx, region, c.LBType)
		if err != nil {
			return choicesMsg{err: err}
		}
		cs, err := b.Certificates(ctx, region)
		return choicesMsg{then: c.Then, policies: ps, certs: cs, err: err}
	}
}

// onChoices opens what the choices were read for, unless a dialog opened
// meanwhile (the operator moved on).
func (m *Model) onChoices(msg choicesMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		m.setStatus(intent.Err, "could not read the choices: %v", msg.err)
		return nil
	case m.overlay.Len() > 0:
		return nil
	}
	m.setStatus(intent.Info, "")
	return m.apply(msg.then(msg.policies, msg.certs))
}

// openScreen goes to the registered screen name: back to it when it is
// open below, else a new one on top.
func (m *Model) openScreen(name string) tea.Cmd {
	for i, s := range m.stack {
		if s.Name() == name {
			m.stack = m.stack[:i+1]
			return nil
		}
	}
	return m.push(name, "", "")
}
