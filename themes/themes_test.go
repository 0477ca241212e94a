package themes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuiltinsComplete(t *testing.T) {
	names := Names()
	for _, want := range []string{"dark", "light", "high-contrast"} {
		th, err := Builtin(want)
		if err != nil {
			t.Fatalf("%s: %v (have %v)", want, err, names)
		}
		if len(th.Colors) != len(Tokens) {
			t.Fatalf("%s: %d colours, want %d", want, len(th.Colors), len(Tokens))
		}
	}
	if d, _ := Builtin("dark"); !d.Dark {
		t.Fatal("dark theme not dark")
	}
	if l, _ := Builtin("light"); l.Dark {
		t.Fatal("light theme dark")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "no name"},
		{"not yaml", "name: [", "theme:"},
		{"unknown field", "name: x\nfoo: 1\n", "foo"},
		{"unknown token", "name: x\nbase: dark\ncolors:\n  nope: \"#000000 0 0\"\n", `unknown token "nope"`},
		{"bad hex", "name: x\nbase: dark\ncolors:\n  error: \"red 1 1\"\n", "not a #rrggbb"},
		{"no fallback", "name: x\nbase: dark\ncolors:\n  error: {true: \"#ff0000\", ansi256: 9}\n", "16-colour fallback"},
		{"16 out of range", "name: x\nbase: dark\ncolors:\n  error: \"#ff0000 9 99\"\n", "not in 0-15"},
		{"missing tokens", "name: x\ndark: true\ncolors:\n  error: \"#ff0000 9 9\"\n", "missing tokens"},
		{"no dark", "name: x\ncolors: {}\n", "dark background"},
		{"bad base", "name: x\nbase: nope\n", "no built-in theme"},
		{"bad palette ref", "name: x\nbase: dark\ncolors:\n  error: $nope\n", "no palette entry"},
		{"bad name", "name: \"a b\"\nbase: dark\n", "use letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestUserThemeOverridesBase(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("name: mine\nbase: light\ncolors:\n  error: {true: \"#ff0000\", ansi256: 196, ansi: 9}\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("name: [\n"), 0o600)
	s := Load(dir)
	th, ok := s.Get("mine")
	if !ok {
		t.Fatalf("mine not loaded: %v", s.Errors)
	}
	if th.Dark || th.Color("error").True != "#ff0000" || th.Color("success").True == "" {
		t.Fatalf("override wrong: %+v", th)
	}
	if len(s.Errors) != 1 || !strings.Contains(s.Errors[0].Error(), "broken.yaml") {
		t.Fatalf("errors = %v", s.Errors)
	}
}

func FuzzParse(f *testing.F) {
	for _, n := range Names() {
		data, _ := builtin.ReadFile("builtin/" + n + ".yaml")
		f.Add(data)
	}
	f.Add([]byte("name: x\nbase: dark\ncolors:\n  error: $a\npalette:\n  a: {true: \"#000000\", ansi256: 1, ansi: 1}\n"))
	f.Add([]byte("name: &a x\nbase: *a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		th, err := Parse(data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		for _, k := range Tokens {
			c := th.Color(k)
			if err := c.check(0); err != nil {
				t.Fatalf("accepted bad colour %s: %v", k, err)
			}
		}
	})
}
