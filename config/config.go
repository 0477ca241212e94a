// Package config reads hoist's config file,
// $XDG_CONFIG_HOME/hoist/config.yaml or the file --config names, into a
// model.Config. It is strict: an unknown key is refused, naming the key,
// its line and the keys allowed there, so a typo never silently does
// nothing. Key binding overrides are checked by a function the caller
// passes (cmd/hoist passes ui.ValidateKeys): the key map is the console's.
//
// It imports model and the YAML parser only.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/solemate/hoist/model"
)

// KeyCheck validates key binding overrides by action name; nil accepts
// any.
type KeyCheck func(overrides map[string][]string) error

// maxSize bounds the file: a config is a screenful, not a data set.
const maxSize = 1 << 20

// DefaultPath is $XDG_CONFIG_HOME/hoist/config.yaml (the platform's user
// config directory), or "" when there is none.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "hoist", "config.yaml")
}

// Load reads and parses the config file at path. A missing file is the
// defaults when it is the default path, and refused when the operator
// named it (named: it came from --config): a typo in a path must not
// silently drop the read-only profile it was meant to load. Errors are
// one sentence that begins with the path.
func Load(path string, named bool, keys KeyCheck) (model.Config, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !named:
		return model.DefaultConfig(), nil
	case errors.Is(err, fs.ErrNotExist):
		return model.DefaultConfig(), fmt.Errorf("config file %s does not exist", path)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is said once, below
		}
		return model.DefaultConfig(), fmt.Errorf("config %s: cannot be read: %v", path, err)
	}
	c, err := Parse(data, keys)
	if err != nil {
		return c, fmt.Errorf("config %s: %v", path, err)
	}
	return c, nil
}

// Parse reads a config over the defaults and validates it. Errors name the
// line and the key ("line 3: unknown key "refrsh" (did you mean
// "refresh"?); ..."), never a Go type.
func Parse(data []byte, keys KeyCheck) (model.Config, error) {
	c := model.DefaultConfig()
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	if len(data) > maxSize {
		return c, errors.New("larger than 1 MiB")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return c, syntaxError(err)
	}
	if err := checkNode(&doc, configType, ""); err != nil {
		return c, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // checkNode said it all; this is the backstop
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return model.DefaultConfig(), errors.New(yamlMessage(err))
	}
	if err := c.Validate(); err != nil {
		return model.DefaultConfig(), err
	}
	if keys != nil {
		if err := keys(c.Keys); err != nil {
			return model.DefaultConfig(), err
		}
	}
	return c, nil
}

// syntaxError words a parse error: "line 1: not valid YAML: did not find
// expected node content".
func syntaxError(err error) error {
	msg := yamlMessage(err)
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			return fmt.Errorf("line %s: not valid YAML: %s", n, after)
		}
	}
	return errors.New("not valid YAML: " + msg)
}

// yamlMessage is the parser's error without its "yaml: " prefixes and
// list framing: "line 2: did not find expected key".
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
	return strings.Join(strings.Fields(msg), " ")
}
