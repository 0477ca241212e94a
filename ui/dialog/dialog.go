// Package dialog is the console's overlay: dialogs on a stack over the
// screen, only the front one taking keys, every one drawn. A dialog is a
// plain struct; it never reaches into the root model. It answers a key
// with a message: Close (close me, then apply Then), Confirmed (send this
// action), an intent (propose, status), or nil to stay as it is. The root
// model applies the answer in the same Update.
//
// The confirm dialog (confirm.go) guards its y and enter for a short time
// after it opens (issue 16), so a key typed ahead never sends a change the
// operator has not seen. Forms (ui/form) are dialogs too.
//
// dialog imports model, intent and ui/internal packages only.
package dialog

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/solemate/hoist/ui/internal/lineedit"
	"github.com/solemate/hoist/ui/internal/look"
)

// Ctx is what a dialog may read while it draws or takes a key: the look
// and the console's clock, read once by the root per Update or View.
type Ctx struct {
	*look.Look
	Now time.Time
	// H is the most lines a dialog's body may take on screen (0: no
	// bound); a long list shortens itself to fit.
	H int
}

// Dialog is one box of the overlay.
type Dialog interface {
	Title() string
	// View is the dialog's body, each line exactly w cells ("" for blank).
	View(c *Ctx, w int) []string
	// Update takes a key; the answer is nil, Close, Confirmed or an intent.
	Update(c *Ctx, k tea.KeyPressMsg) tea.Msg
	// Field is the text field a paste goes to, or nil.
	Field() *lineedit.Field
}

// Wider is a dialog that wants more width than the default (60% of the
// screen, at least 50 cells): up to Width cells, as the screen allows.
type Wider interface{ Width() int }

// Close asks the root to close the front dialog and then apply Then (an
// intent, or nil).
type Close struct{ Then tea.Msg }

// Overlay is the stack of open dialogs, the front one last.
type Overlay struct{ stack []Dialog }

// Push opens d in front.
func (o *Overlay) Push(d Dialog) { o.stack = append(o.stack, d) }

// Pop closes the front dialog.
func (o *Overlay) Pop() {
	if n := len(o.stack); n > 0 {
		o.stack = o.stack[:n-1]
	}
}

// Clear closes every dialog.
func (o *Overlay) Clear() { o.stack = nil }

// Len is how many dialogs are open.
func (o *Overlay) Len() int { return len(o.stack) }

// Front is the dialog that takes keys, or nil.
func (o *Overlay) Front() Dialog {
	if n := len(o.stack); n > 0 {
		return o.stack[n-1]
	}
	return nil
}

// View draws every open dialog over body (w x h), centred, the front last.
func (o *Overlay) View(c *Ctx, body []string, w, h int) []string {
	out := body
	for _, d := range o.stack {
		out = draw(c, d, out, w, h)
	}
	return out
}

func draw(c *Ctx, d Dialog, body []string, w, h int) []string {
	dw := min(w-4, max(50, w*6/10))
	if wd, ok := d.(Wider); ok {
		dw = min(w-4, max(dw, wd.Width()))
	}
	if dw < 20 {
		dw = w
	}
	var inner []string
	dc := *c
	dc.H = max(h-2, 1)
	for _, l := range d.View(&dc, dw-4) {
		if l == "" {
			l = strings.Repeat(" ", dw-4)
		}
		inner = append(inner, " "+l+" ")
	}
	dh := min(len(inner)+2, h)
	framed := c.Frame(d.Title(), c.St.DialogBorder, c.St.DialogTitle, true, dw, dh, inner)
	x := max((w-dw)/2, 0)
	y := max((h-dh)/2, 0)
	out := make([]string, len(body))
	copy(out, body)
	for i, line := range framed {
		if y+i >= len(out) {
			break
		}
		out[y+i] = look.Splice(out[y+i], line, x, dw, w)
	}
	return out
}
