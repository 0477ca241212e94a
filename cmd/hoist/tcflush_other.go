//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package main

import "os"

// flushInput has no terminal flush to call on this system; the question
// is still asked only on a terminal.
func flushInput(*os.File) error { return nil }
