package model

import (
	"errors"
	"testing"
)

const (
	certA   = "arn:aws:acm:us-east-1:123456789012:certificate/aaaa1111-2222-3333-4444-555566667777"
	certB   = "arn:aws:acm:us-east-1:123456789012:certificate/bbbb1111-2222-3333-4444-555566667777"
	certIAM = "arn:aws:iam::123456789012:server-certificate/legacy/www-2019"
	polOld  = "ELBSecurityPolicy-2016-08"
	polNew  = "ELBSecurityPolicy-TLS13-1-2-2021-06"
)

func TestValidateListenerActions(t *testing.T) {
	from := ListenerTLS{polOld, certA}
	edit := func(proto string, to ListenerTLS) EditListener {
		return EditListener{Listener: "arn:l", Name: "web:443", Protocol: proto, From: from, To: to}
	}
	add := func(certs []string, seen ...string) AddListenerCertificates {
		return AddListenerCertificates{Listener: "arn:l", Name: "web:443", Protocol: "HTTPS", Certificates: certs, From: seen}
	}
	rm := func(certs []string, seen ...string) RemoveListenerCertificates {
		return RemoveListenerCertificates{Listener: "arn:l", Name: "web:443", Protocol: "HTTPS", Certificates: certs, From: seen}
	}
	tests := []struct {
		name string
		a    Action
		want string // "" for none; "no change" for ErrNoChange
	}{
		{"policy", edit("HTTPS", ListenerTLS{polNew, certA}), ""},
		{"default certificate", edit("TLS", ListenerTLS{polOld, certB}), ""},
		{"an IAM certificate", edit("HTTPS", ListenerTLS{polOld, certIAM}), ""},
		{"unchanged", edit("HTTPS", from), "no change"},
		{"HTTP listener", edit("HTTP", ListenerTLS{polNew, certA}), "web:443 listens on HTTP: only HTTPS and TLS listeners"},
		{"no policy", edit("HTTPS", ListenerTLS{"", certA}), "name a security policy for web:443"},
		{"policy with a space", edit("HTTPS", ListenerTLS{"ELB Policy", certA}), `"ELB Policy" is not a security policy name`},
		{"not a certificate", edit("HTTPS", ListenerTLS{polNew, "www.example.com"}), `"www.example.com" is not a certificate ARN`},
		{"no listener", EditListener{Protocol: "HTTPS", From: from, To: ListenerTLS{polNew, certA}}, "no listener named"},

		{"add one", add([]string{certB}, certA), ""},
		{"add one already there", add([]string{certB}, certA, certB), "no change"},
		{"add twice the same", add([]string{certB, certB}, certA), ""},
		{"add none", add(nil, certA), "name at least one certificate"},
		{"add not an ARN", add([]string{"cert-b"}, certA), `"cert-b" is not a certificate ARN`},
		{"remove one", rm([]string{certB}, certA, certB), ""},
		{"remove one not there", rm([]string{certB}, certA), "no change"},
		{"remove the default", rm([]string{certA}, certA, certB), "is the default certificate of web:443: make another certificate the default first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.a, false)
			switch tt.want {
			case "no change":
				if !errors.Is(err, ErrNoChange) {
					t.Fatalf("got %v, want ErrNoChange", err)
				}
			default:
				wantErr(t, err, tt.want)
			}
			if err := Validate(tt.a, true); !errors.Is(err, ErrReadOnly) {
				t.Fatalf("read-only: got %v", err)
			}
		})
	}
}

func TestListenerActionConflicts(t *testing.T) {
	now := &Listener{ARN: "arn:l", Protocol: "HTTPS", SSLPolicy: polOld, Certificates: []string{certA, certB}, CertificatesRead: true}
	cur := Current{Listener: now}
	tests := []struct {
		name string
		a    Action
		cur  Current
		want string // "" for none
	}{
		{"edit as seen", EditListener{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", From: ListenerTLS{polOld, certA}, To: ListenerTLS{polNew, certA}}, cur, ""},
		{"edit, policy changed", EditListener{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", From: ListenerTLS{polNew, certA}, To: ListenerTLS{polNew, certB}}, cur,
			"the security policy of w:443 changed from " + polNew + " to " + polOld},
		{"edit, default changed", EditListener{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", From: ListenerTLS{polOld, certB}, To: ListenerTLS{polNew, certB}}, cur,
			"the default certificate of w:443 changed"},
		{"edit, gone", EditListener{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", From: ListenerTLS{polOld, certA}, To: ListenerTLS{polNew, certA}}, Current{},
			"listener w:443 no longer exists"},
		{"add as seen", AddListenerCertificates{Listener: "arn:l", Name: "w:443", Certificates: []string{certIAM}, From: []string{certA, certB}}, cur, ""},
		{"add, someone added it", AddListenerCertificates{Listener: "arn:l", Name: "w:443", Certificates: []string{certB}, From: []string{certA}}, cur,
			"certificate " + certB + " of w:443 changed from not on the listener to on the listener"},
		{"remove, someone removed it", RemoveListenerCertificates{Listener: "arn:l", Name: "w:443", Certificates: []string{certIAM}, From: []string{certA, certIAM}}, cur,
			"changed from on the listener to not on the listener"},
		{"remove, the default changed", RemoveListenerCertificates{Listener: "arn:l", Name: "w:443", Certificates: []string{certB}, From: []string{certIAM, certB}}, cur,
			"the default certificate of w:443 changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckCurrent(tt.a, tt.cur)
			wantErr(t, err, tt.want)
			var ce *ConflictError
			if tt.want != "" && tt.cur.Listener != nil && !errors.As(err, &ce) {
				t.Fatalf("%v is not a conflict", err)
			}
		})
	}
}

func TestListenerActionChanges(t *testing.T) {
	a := EditListener{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", From: ListenerTLS{polOld, certA}, To: ListenerTLS{polNew, certA}}
	if got := Summary(a); got != "listener/w:443: security policy "+polOld+" → "+polNew {
		t.Errorf("summary %q", got)
	}
	r := RemoveListenerCertificates{Listener: "arn:l", Name: "w:443", Protocol: "HTTPS", Certificates: []string{certB, certIAM}, From: []string{certA, certB}}
	cs := r.Changes()
	if len(cs) != 1 || cs[0].Field != "certificate "+certB || cs[0].Before != "on the listener" || cs[0].After != "not on the listener" {
		t.Errorf("changes %+v", cs)
	}
}
