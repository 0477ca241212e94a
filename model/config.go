package model

import (
	"fmt"
	"regexp"
	"sort"
	"time"
)

// Config is hoist's configuration file ($XDG_CONFIG_HOME/hoist/config.yaml)
// as pure data. Flags override it; package config reads it, with the key
// names checked by the console's ui.ValidateKeys.
type Config struct {
	Profile string        `yaml:"profile"`
	Region  string        `yaml:"region"`
	Refresh time.Duration `yaml:"refresh"`
	// ReadOnly starts every session read-only; Profiles can make single
	// profiles read-only.
	ReadOnly bool                     `yaml:"read_only"`
	Profiles map[string]ProfileConfig `yaml:"profiles"`

	Theme string `yaml:"theme"` // "" follows the terminal background
	ASCII bool   `yaml:"ascii"`
	Bell  bool   `yaml:"bell"` // ring the terminal bell on a new alert
	// Keys overrides key bindings by action name: {"scale-out": ["+", "ctrl+up"]}.
	Keys   map[string][]string `yaml:"keys"`
	Alerts AlertThresholds     `yaml:"alerts"`
	// ConfirmGuard is how long a confirm dialog must have been on screen
	// before y or enter sends its change: a key typed ahead (a second
	// enter, a stray y) never confirms what the operator has not seen.
	ConfirmGuard time.Duration `yaml:"confirm_guard"`
}

// The confirm guard's default and the range the config accepts: below
// about a tenth of a second it no longer stops a double enter, and above a
// few seconds it only gets in the way.
const (
	DefaultConfirmGuard = 400 * time.Millisecond
	MinConfirmGuard     = 100 * time.Millisecond
	MaxConfirmGuard     = 5 * time.Second
)

// ProfileConfig is per-profile configuration.
type ProfileConfig struct {
	ReadOnly bool   `yaml:"read_only"`
	Region   string `yaml:"region"`
}

// DefaultConfig is the configuration with no file.
func DefaultConfig() Config {
	return Config{Refresh: 10 * time.Second, Alerts: DefaultAlertThresholds(), ConfirmGuard: DefaultConfirmGuard}
}

// ReadOnlyFor reports whether the profile must run read-only.
func (c Config) ReadOnlyFor(profile string) bool {
	return c.ReadOnly || c.Profiles[profile].ReadOnly
}

var (
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d{1,2}$`)
	profileRE = regexp.MustCompile(`^[A-Za-z0-9_.@+=,/-]{1,128}$`)
)

// ValidRegion reports whether s looks like an AWS region name.
func ValidRegion(s string) bool { return regionRE.MatchString(s) }

// ValidProfile reports whether s can be a shared-config profile name.
func ValidProfile(s string) bool { return profileRE.MatchString(s) }

// Validate checks the parts of the config that need no knowledge of the
// console (key names and themes are checked by the ui package).
func (c Config) Validate() error {
	if c.Region != "" && !ValidRegion(c.Region) {
		return fmt.Errorf("region: %q is not a region name like us-east-1", c.Region)
	}
	if c.Profile != "" && !ValidProfile(c.Profile) {
		return fmt.Errorf("profile: %q is not a profile name", c.Profile)
	}
	if c.Refresh != 0 && (c.Refresh < time.Second || c.Refresh > time.Hour) {
		return fmt.Errorf("refresh: %s is not between 1s and 1h", c.Refresh)
	}
	names := make([]string, 0, len(c.Profiles))
	for n := range c.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !ValidProfile(n) {
			return fmt.Errorf("profiles: %q is not a profile name", n)
		}
		if r := c.Profiles[n].Region; r != "" && !ValidRegion(r) {
			return fmt.Errorf("profiles.%s.region: %q is not a region name like us-east-1", n, r)
		}
	}
	if err := c.Alerts.Validate(); err != nil {
		return err
	}
	if c.ConfirmGuard < MinConfirmGuard || c.ConfirmGuard > MaxConfirmGuard {
		return fmt.Errorf("confirm_guard: %s is not between %s and %s: it is how long a confirm must be on screen before y sends (default %s)",
			c.ConfirmGuard, MinConfirmGuard, MaxConfirmGuard, DefaultConfirmGuard)
	}
	return nil
}
