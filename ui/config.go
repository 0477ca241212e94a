package ui

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/solemate/hoist/model"
	"go.yaml.in/yaml/v3"
)

// ParseConfig reads hoist's config file: strict YAML (an unknown field is
// an error, so a typo does not silently do nothing), over the defaults,
// validated, key overrides checked against the key map. Errors are
// sentences naming the field.
func ParseConfig(data []byte) (model.Config, error) {
	c := model.DefaultConfig()
	if len(bytes.TrimSpace(data)) == 0 {
		return c, nil
	}
	if len(data) > 1<<20 {
		return c, errors.New("config: larger than 1 MiB")
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = strings.TrimPrefix(msg, "unmarshal errors:\n  ")
		return model.DefaultConfig(), fmt.Errorf("config: %s", msg)
	}
	if err := c.Validate(); err != nil {
		return model.DefaultConfig(), fmt.Errorf("config: %v", err)
	}
	if err := ValidateKeys(c.Keys); err != nil {
		return model.DefaultConfig(), fmt.Errorf("config: %v", err)
	}
	return c, nil
}

// LoadConfig reads and parses the config file at path; a missing file is
// the defaults.
func LoadConfig(path string) (model.Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return model.DefaultConfig(), nil
	}
	if err != nil {
		return model.DefaultConfig(), fmt.Errorf("config: %v", err)
	}
	c, err := ParseConfig(data)
	if err != nil {
		return c, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "config: "))
	}
	return c, nil
}
