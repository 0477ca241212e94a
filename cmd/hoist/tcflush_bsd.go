//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// flushInput discards what the terminal has received and hoist has not
// read yet: TIOCFLUSH with FREAD (1), which is tcflush(fd, TCIFLUSH).
func flushInput(f *os.File) error {
	return unix.IoctlSetPointerInt(int(f.Fd()), unix.TIOCFLUSH, 1)
}
