package aws

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/solemate/hoist/model"
)

// Journal is the append-only action journal: one JSON line per record, an
// intent before a call and an outcome after, each written with one write
// and fsync'd before the call goes on.
type Journal struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

// DefaultJournalPath is $XDG_STATE_HOME/hoist/journal.jsonl, or
// ~/.local/state/hoist/journal.jsonl.
func DefaultJournalPath() (string, error) {
	dir := os.Getenv("XDG_STATE_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("journal: no home directory and no XDG_STATE_HOME: %w", err)
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return filepath.Join(dir, "hoist", "journal.jsonl"), nil
}

// OpenJournal opens (creating) the journal at path, "" for the default.
// The directory is made 0700 and the file 0600: it names who did what.
func OpenJournal(path string) (*Journal, error) {
	if path == "" {
		p, err := DefaultJournalPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{path: path, f: f}
	// A crash mid-write leaves a torn last line; start on a fresh line so
	// the next record is not glued to it.
	if torn, err := endsTorn(path); err == nil && torn {
		if _, err := f.Write([]byte("\n")); err != nil {
			f.Close()
			return nil, fmt.Errorf("journal: %w", err)
		}
	}
	return j, nil
}

func endsTorn(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return false, err
	}
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, st.Size()-1); err != nil {
		return false, err
	}
	return b[0] != '\n', nil
}

// Append writes e as one line with one write, then fsyncs.
func (j *Journal) Append(e model.JournalEntry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return errors.New("journal: closed")
	}
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("journal: writing %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: syncing %s: %w", j.path, err)
	}
	return nil
}

// Close closes the journal file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// Read returns the entries at or after since, oldest first, and how many
// lines were skipped as malformed (a torn last line after a crash, or a
// line someone edited by hand).
func (j *Journal) Read(since time.Time) ([]model.JournalEntry, int, error) {
	return ReadJournal(j.path, since)
}

// ReadJournal reads the journal file at path; a missing file is empty.
func ReadJournal(path string, since time.Time) ([]model.JournalEntry, int, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	return ParseJournal(f, since)
}

// ParseJournal reads journal lines from r, skipping malformed ones.
func ParseJournal(r io.Reader, since time.Time) ([]model.JournalEntry, int, error) {
	var out []model.JournalEntry
	skipped := 0
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var e model.JournalEntry
			if json.Unmarshal(line, &e) != nil || e.ID == "" || e.Phase == "" {
				skipped++
			} else if !e.Time.Before(since) {
				out = append(out, e)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, skipped, fmt.Errorf("journal: %w", err)
		}
	}
	return out, skipped, nil
}

// Actions pairs the journal's records since t into actions, oldest first.
// An intent whose outcome was never written (the process died mid-call)
// reads as "outcome unknown".
func (j *Journal) Actions(ctx context.Context, since time.Time) ([]model.JournalAction, int, error) {
	// Read a little further back so an outcome just after since finds
	// its intent.
	es, skipped, err := j.Read(since.Add(-time.Hour))
	if err != nil {
		return nil, skipped, err
	}
	var out []model.JournalAction
	for _, a := range model.PairJournal(es) {
		t := a.Intent.Time
		if a.Outcome != nil && a.Outcome.Time.After(t) {
			t = a.Outcome.Time
		}
		if !t.Before(since) {
			out = append(out, a)
		}
	}
	return out, skipped, ctx.Err()
}

// NewApplyID names one apply in the journal: its time and a random part,
// as an action's id.
func NewApplyID(now time.Time) string { return newActionID(now) }

func newActionID(now time.Time) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}
