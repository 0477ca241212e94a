package screen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/solemate/hoist/model"
)

// Rule is the sentence of an error a form or a status line shows: a
// validation error's message without its field path, else the error.
func Rule(err error) string {
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return ve.Msg
	}
	return err.Error()
}

// ChangesLine is a change field by field in one line, as a form's
// preview says it: "target 60 → 70, warm-up 3m0s → 2m0s"; "" for none.
func ChangesLine(cs []model.FieldChange) string {
	parts := make([]string, 0, len(cs))
	for _, ch := range cs {
		parts = append(parts, ch.Field+" "+orNone(ch.Before)+" → "+orNone(ch.After))
	}
	return strings.Join(parts, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// OptInt reads a field that is blank (nil: not set) or a whole number.
func OptInt(s string) (*int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s, "+"))
	if err != nil {
		return nil, fmt.Errorf("%q is not a whole number", s)
	}
	return &n, nil
}
