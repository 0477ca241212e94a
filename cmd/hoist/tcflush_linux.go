package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// flushInput discards what the terminal has received and hoist has not
// read yet (tcflush(fd, TCIFLUSH)).
func flushInput(f *os.File) error {
	return unix.IoctlSetInt(int(f.Fd()), unix.TCFLSH, unix.TCIFLUSH)
}
