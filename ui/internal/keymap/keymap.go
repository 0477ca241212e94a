// Package keymap is the console's key bindings as data: each Spec names an
// action, its keys, what it does, its help section, the key context it
// belongs to and whether it changes AWS. The specs come from the root
// model and from each registered screen; the help screen, the README's
// key table and the config's overrides (by action name) are all generated
// from or checked against them. Handlers are not here: a screen runs the
// actions of its contexts (screen.Table), the root model the rest.
package keymap

import (
	"fmt"
	"slices"
	"strings"
)

// Global is the context every screen has last.
const Global = "global"

// Spec is one action the keyboard can take.
type Spec struct {
	Action   string // the name config overrides use: "scale-out"
	Keys     []string
	Help     string
	Section  string // help heading
	Context  string // "" is Global
	Mutating bool   // changes AWS: disabled under read-only, always confirmed
}

// Ctx is the spec's context, Global for "".
func (s Spec) Ctx() string {
	if s.Context == "" {
		return Global
	}
	return s.Context
}

// Keymap is the specs in force, with an index by context and key.
type Keymap struct {
	Specs []Spec
	index map[string]map[string]int // context -> key -> spec
}

// New applies overrides (action name -> keys) to specs. Overrides must
// pass Validate; invalid ones are ignored here.
func New(specs []Spec, chains [][]string, overrides map[string][]string) Keymap {
	bs := slices.Clone(specs)
	if Validate(specs, chains, overrides) == nil {
		for i := range bs {
			if ks, ok := overrides[bs[i].Action]; ok {
				bs[i].Keys = slices.Clone(ks)
			}
		}
	}
	km := Keymap{Specs: bs, index: map[string]map[string]int{}}
	for i, b := range bs {
		ctx := b.Ctx()
		if km.index[ctx] == nil {
			km.index[ctx] = map[string]int{}
		}
		for _, k := range b.Keys {
			km.index[ctx][k] = i
		}
	}
	return km
}

// Lookup finds the spec for key in the first of ctxs that binds it.
func (km *Keymap) Lookup(key string, ctxs ...string) (*Spec, bool) {
	for _, c := range ctxs {
		if i, ok := km.index[c][key]; ok {
			return &km.Specs[i], true
		}
	}
	return nil, false
}

// Spec is the spec of action.
func (km *Keymap) Spec(action string) (Spec, bool) {
	for _, b := range km.Specs {
		if b.Action == action {
			return b, true
		}
	}
	return Spec{}, false
}

// KeyOf is the first key of action, for hints.
func (km *Keymap) KeyOf(action string) string {
	if b, ok := km.Spec(action); ok && len(b.Keys) > 0 {
		return b.Keys[0]
	}
	return "?"
}

// ShortKey is the shortest key of action ("j" rather than "down"), for
// hints where room is short.
func (km *Keymap) ShortKey(action string) string {
	b, ok := km.Spec(action)
	if !ok || len(b.Keys) == 0 {
		return "?"
	}
	short := b.Keys[0]
	for _, k := range b.Keys[1:] {
		if len(k) < len(short) {
			short = k
		}
	}
	return short
}

// reserved keys are the digits, which type a count (5+ scales by five).
var reserved = map[string]bool{"0": true, "1": true, "2": true, "3": true, "4": true, "5": true, "6": true, "7": true, "8": true, "9": true}

// Validate checks config key overrides against specs: known action names,
// at least one key each, no digit (digits are counts), and, once the
// overrides apply, no key bound twice within a chain of contexts that a
// screen reads together (chains, each ending in Global).
func Validate(specs []Spec, chains [][]string, overrides map[string][]string) error {
	bs := slices.Clone(specs)
	byName := map[string]int{}
	for i, b := range bs {
		byName[b.Action] = i
	}
	names := make([]string, 0, len(overrides))
	for n := range overrides {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		i, ok := byName[n]
		if !ok {
			all := make([]string, 0, len(bs))
			for _, b := range bs {
				all = append(all, b.Action)
			}
			return fmt.Errorf("keys: no action %q (actions: %s)", n, strings.Join(all, ", "))
		}
		ks := overrides[n]
		if len(ks) == 0 {
			return fmt.Errorf("keys.%s: give at least one key", n)
		}
		for _, k := range ks {
			if strings.TrimSpace(k) == "" || reserved[k] || len(k) > 32 {
				return fmt.Errorf("keys.%s: %q cannot be bound (digits are counts)", n, k)
			}
		}
		bs[i].Keys = ks
	}
	return checkChains(bs, chains)
}

// checkChains finds a key bound to two actions that one screen reads.
func checkChains(bs []Spec, chains [][]string) error {
	for _, chain := range chains {
		seen := map[string]string{}
		for _, ctx := range chain {
			for _, b := range bs {
				if b.Ctx() != ctx {
					continue
				}
				for _, k := range b.Keys {
					if prev, ok := seen[k]; ok && prev != b.Action {
						return fmt.Errorf("keys: %q is bound to both %s and %s", k, prev, b.Action)
					}
					seen[k] = b.Action
				}
			}
		}
	}
	return nil
}
