package themes

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed builtin/*.yaml
var builtin embed.FS

// Tokens are the semantic colour names every theme defines. Components ask
// for a token ("error", "fgMuted"), never for a raw colour, so a theme is
// only this table.
var Tokens = []string{
	// surfaces
	"bgBase", "bgPanel", "bgHeader", "bgStatus", "bgSelected", "bgDialog",
	// text
	"fgBase", "fgMuted", "fgSubtle", "fgEmphasis", "fgSelected", "fgHeader", "fgStatus",
	// structure
	"primary", "secondary", "border", "borderFocus", "tierHeading", "keyHint",
	// states
	"success", "warning", "error", "critical", "info", "inflight",
	// badges
	"badgeReadOnlyFg", "badgeReadOnlyBg", "badgeSimFg", "badgeSimBg",
	// data
	"spark", "sparkOver", "target", "costUp", "costDown",
	"alertNew", "alertAcked", "filterMatch",
}

// Color is one token's colour at each depth a terminal may have. The 16- and
// 256-colour values are chosen by hand: automatic down-mapping picked poor
// colours (a black status bar on black).
type Color struct {
	True string // "#rrggbb"
	C256 int    // 0-255
	C16  int    // 0-15
}

// RGBA returns the true-colour value.
func (c Color) RGBA() color.Color { return hexColor(c.True) }

// Theme is a named palette.
type Theme struct {
	Name string
	// Dark says the theme is meant for a dark background; the default
	// theme follows the terminal's background.
	Dark   bool
	Colors map[string]Color
}

// Color returns the colour of token; an unknown token is the base text colour.
func (t Theme) Color(token string) Color {
	if c, ok := t.Colors[token]; ok {
		return c
	}
	return t.Colors["fgBase"]
}

// file is a theme as written in YAML. Colours are given as
// "#rrggbb 256 16", or as a mapping {true, ansi256, ansi}; a palette of
// anchors may be declared and referred to with "$name".
type file struct {
	Name    string               `yaml:"name"`
	Dark    *bool                `yaml:"dark"`
	Base    string               `yaml:"base"`
	Palette map[string]yaml.Node `yaml:"palette"`
	Colors  map[string]yaml.Node `yaml:"colors"`
}

var hexRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Parse reads a theme file. A user theme may name a built-in base and
// override only some tokens; a theme with no base must define every token.
// Errors name the file's problem in words.
func Parse(data []byte) (Theme, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return Theme{}, errors.New("theme: empty file: no name: add `name: my-theme`")
		}
		return Theme{}, fmt.Errorf("theme: %v", cleanYAMLErr(err))
	}
	if strings.TrimSpace(f.Name) == "" {
		return Theme{}, errors.New("theme: no name: add `name: my-theme`")
	}
	if !nameRE.MatchString(f.Name) {
		return Theme{}, fmt.Errorf("theme: name %q: use letters, digits and dashes", f.Name)
	}
	t := Theme{Name: f.Name, Colors: map[string]Color{}}
	if f.Base != "" {
		b, err := Builtin(f.Base)
		if err != nil {
			return Theme{}, fmt.Errorf("theme %s: base: %v", f.Name, err)
		}
		for k, v := range b.Colors {
			t.Colors[k] = v
		}
		t.Dark = b.Dark
	}
	if f.Dark != nil {
		t.Dark = *f.Dark
	} else if f.Base == "" {
		return Theme{}, fmt.Errorf("theme %s: say whether it is for a dark background: `dark: true` or `dark: false`", f.Name)
	}
	palette := map[string]Color{}
	for _, k := range sortedKeys(f.Palette) {
		n := f.Palette[k]
		c, err := parseColor(&n, nil)
		if err != nil {
			return Theme{}, fmt.Errorf("theme %s: palette %s: %v", f.Name, k, err)
		}
		palette[k] = c
	}
	known := map[string]bool{}
	for _, k := range Tokens {
		known[k] = true
	}
	for _, k := range sortedKeys(f.Colors) {
		if !known[k] {
			return Theme{}, fmt.Errorf("theme %s: unknown token %q (tokens: %s)", f.Name, k, strings.Join(Tokens, ", "))
		}
		n := f.Colors[k]
		c, err := parseColor(&n, palette)
		if err != nil {
			return Theme{}, fmt.Errorf("theme %s: %s: %v", f.Name, k, err)
		}
		t.Colors[k] = c
	}
	var missing []string
	for _, k := range Tokens {
		if _, ok := t.Colors[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return Theme{}, fmt.Errorf("theme %s: missing tokens %s (or set `base: dark`)", f.Name, strings.Join(missing, ", "))
	}
	return t, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

func sortedKeys(m map[string]yaml.Node) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func parseColor(n *yaml.Node, palette map[string]Color) (Color, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		s := strings.TrimSpace(n.Value)
		if strings.HasPrefix(s, "$") {
			c, ok := palette[s[1:]]
			if !ok {
				return Color{}, fmt.Errorf("line %d: no palette entry %q", n.Line, s[1:])
			}
			return c, nil
		}
		fs := strings.Fields(s)
		if len(fs) != 3 {
			return Color{}, fmt.Errorf("line %d: want \"#rrggbb 256-colour 16-colour\", e.g. \"#ff5f5f 203 9\", got %q", n.Line, s)
		}
		var c Color
		c.True = fs[0]
		if _, err := fmt.Sscan(fs[1], &c.C256); err != nil {
			return Color{}, fmt.Errorf("line %d: 256-colour %q is not a number", n.Line, fs[1])
		}
		if _, err := fmt.Sscan(fs[2], &c.C16); err != nil {
			return Color{}, fmt.Errorf("line %d: 16-colour %q is not a number", n.Line, fs[2])
		}
		return c, c.check(n.Line)
	case yaml.MappingNode:
		var m struct {
			True string `yaml:"true"`
			C256 *int   `yaml:"ansi256"`
			C16  *int   `yaml:"ansi"`
		}
		if err := n.Decode(&m); err != nil {
			return Color{}, fmt.Errorf("line %d: %v", n.Line, cleanYAMLErr(err))
		}
		if m.C256 == nil || m.C16 == nil {
			return Color{}, fmt.Errorf("line %d: give true, ansi256 and ansi: every colour needs an explicit 16-colour fallback", n.Line)
		}
		c := Color{True: m.True, C256: *m.C256, C16: *m.C16}
		return c, c.check(n.Line)
	}
	return Color{}, fmt.Errorf("line %d: a colour is a string or a mapping", n.Line)
}

func (c Color) check(line int) error {
	switch {
	case !hexRE.MatchString(c.True):
		return fmt.Errorf("line %d: %q is not a #rrggbb colour", line, c.True)
	case c.C256 < 0 || c.C256 > 255:
		return fmt.Errorf("line %d: 256-colour %d is not in 0-255", line, c.C256)
	case c.C16 < 0 || c.C16 > 15:
		return fmt.Errorf("line %d: 16-colour %d is not in 0-15", line, c.C16)
	}
	return nil
}

func cleanYAMLErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "yaml: ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

func hexColor(s string) color.Color {
	var r, g, b uint8
	if len(s) == 7 {
		fmt.Sscanf(s[1:], "%02x%02x%02x", &r, &g, &b)
	}
	return color.RGBA{R: r, G: g, B: b, A: 0xff}
}

// Names lists the built-in themes, sorted.
func Names() []string {
	es, _ := builtin.ReadDir("builtin")
	var out []string
	for _, e := range es {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// Builtin returns the built-in theme name.
func Builtin(name string) (Theme, error) {
	data, err := builtin.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return Theme{}, fmt.Errorf("no built-in theme %q (have %s)", name, strings.Join(Names(), ", "))
	}
	t, err := parseBuiltin(data)
	if err != nil {
		return Theme{}, err
	}
	return t, nil
}

// parseBuiltin parses without resolving a base (built-ins are complete),
// so Builtin and Parse cannot recurse forever.
func parseBuiltin(data []byte) (Theme, error) {
	var f file
	if err := yaml.Unmarshal(data, &f); err != nil {
		return Theme{}, err
	}
	if f.Base != "" {
		return Theme{}, errors.New("a built-in theme has no base")
	}
	return Parse(data)
}

// Set is the themes on offer: the built-ins and the user's.
type Set struct {
	themes map[string]Theme
	// Errors are user theme files that did not load, with the reason.
	Errors []error
}

// Load returns the built-in themes plus every *.yaml file in dir (the
// directory beside the config file; "" for none). A user theme with a
// built-in's name replaces it. Files that fail to parse are reported in
// Errors and skipped, so one bad file does not stop the console.
func Load(dir string) Set {
	s := Set{themes: map[string]Theme{}}
	for _, n := range Names() {
		t, err := Builtin(n)
		if err != nil {
			s.Errors = append(s.Errors, err)
			continue
		}
		s.themes[n] = t
	}
	if dir == "" {
		return s
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err == nil && len(data) > 1<<20 {
			err = errors.New("larger than 1 MiB")
		}
		var t Theme
		if err == nil {
			t, err = Parse(data)
		}
		if err != nil {
			s.Errors = append(s.Errors, fmt.Errorf("%s: %v", filepath.Base(p), err))
			continue
		}
		s.themes[t.Name] = t
	}
	return s
}

// Get returns the theme called name.
func (s Set) Get(name string) (Theme, bool) {
	t, ok := s.themes[name]
	return t, ok
}

// Names lists the themes in the set, sorted.
func (s Set) Names() []string {
	out := make([]string, 0, len(s.themes))
	for n := range s.themes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Default is the theme for a terminal background: "dark" or "light".
func Default(dark bool) string {
	if dark {
		return "dark"
	}
	return "light"
}
