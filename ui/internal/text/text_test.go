package text

import (
	"strings"
	"testing"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"web-prod", "web-prod"},
		{"a\x1b[31mred\x1b[0m", "ared"},
		{"x\x1b]52;c;ZWNobyBoaQ==\x07y", "xy"},
		{"x\x1b]52;c;ZWNobyBoaQ==\x1b\\y", "xy"},
		{"x\x1b]0;title", "x"},
		{"x\x1bP+q\x1b\\y", "xy"},
		{"x\u009b31my", "xy"},
		{"x\u009d52;c;AAAA\u009cy", "xy"},
		{"a\x00b\x07c\x7fd\u0085e", "abcde"},
		{"tab\there\nnl", "tab here nl"},
		{"evil\u202Eexe.txt", "evilexe.txt"},
		{"\u2067iso\u2069", "iso"},
		{"שלום", "שלום"},
		{"🚀 rocket", "🚀 rocket"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"\x1b", ""},
		{"\x1b[", ""},
		{"a\x1b(Bb", "ab"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFitWide(t *testing.T) {
	for _, s := range []string{"日本語の名前", "🚀🚀🚀🚀", "abc", "a日b本c", strings.Repeat("x", 300)} {
		for w := 0; w < 12; w++ {
			if got := Fit(s, w, "…"); Width(got) != w {
				t.Fatalf("Fit(%q, %d) = %q, width %d", s, w, got, Width(got))
			}
		}
	}
}

func TestTruncateMiddle(t *testing.T) {
	for _, c := range []struct {
		in   string
		w    int
		want string
	}{
		{"solemate-app-prod", 20, "solemate-app-prod"},
		{"solemate-app-prod", 17, "solemate-app-prod"},
		{"solemate-app-prod", 15, "sole…e-app-prod"},
		{"solemate-cart-staging", 15, "sole…rt-staging"},
		{"solemate-cart-prod", 2, "s…"},
		{"solemate-cart-prod", 1, "…"},
		{"solemate-cart-prod", 0, ""},
		{"日本語の名前です", 9, "日…前です"},
	} {
		if got := TruncateMiddle(c.in, c.w, "…"); got != c.want {
			t.Errorf("TruncateMiddle(%q, %d) = %q, want %q", c.in, c.w, got, c.want)
		}
	}
	// never wider than asked, for wide runes on either cut
	for _, s := range []string{"日本語の名前", "🚀a🚀b🚀c🚀", "a日b本c語d", strings.Repeat("x", 300)} {
		for w := 0; w < 14; w++ {
			if got := TruncateMiddle(s, w, "…"); Width(got) > w {
				t.Fatalf("TruncateMiddle(%q, %d) = %q, width %d", s, w, got, Width(got))
			}
		}
	}
}

func FuzzPrintable(f *testing.F) {
	f.Add("a\x1b[31mb")
	f.Add("\x1b]52;c;AAAA\x07")
	f.Add("\u009b1;2H")
	f.Fuzz(func(t *testing.T, s string) {
		out := Printable(s)
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) || IsBidiControl(r) {
				t.Fatalf("Printable(%q) kept %U", s, r)
			}
		}
		if Printable(out) != out {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
