package report

import (
	"fmt"
	"strings"

	"github.com/solemate/hoist/model"
	"github.com/solemate/hoist/model/insight"
	"github.com/solemate/hoist/ui/internal/look"
	"github.com/solemate/hoist/ui/internal/text"
	"github.com/solemate/hoist/ui/screen"
)

// Title names the report, its window and where the page is.
func (s *Screen) Title(env *screen.Env) string {
	t := "Fleet report " + model.SpanString(s.q.Since)
	if s.q.Incident {
		t = "Incident record " + model.SpanString(s.q.Since)
	}
	t += screen.InRegion(env, s.q.Region)
	if w, ok := s.window(); ok && s.shown() {
		t += " to " + env.ClockShort(w.To)
	}
	if s.reading {
		return t + " " + env.G.Sep + " reading ..."
	}
	if s.doc != nil && len(s.doc.Lines) > max(s.h-2, 1) {
		t += fmt.Sprintf(" %s lines %d-%d of %d", env.G.Sep, s.top+1, min(s.top+s.h-2, len(s.doc.Lines)), len(s.doc.Lines))
	}
	return t
}

func (s *Screen) window() (insight.Window, bool) {
	switch {
	case s.q.Incident && s.inc != nil:
		return s.inc.Window, true
	case !s.q.Incident && s.fleet != nil:
		return s.fleet.Window, true
	}
	return insight.Window{}, false
}

// View frames the report, scrolled to its top line.
func (s *Screen) View(env *screen.Env, w, h int) []string {
	s.w, s.h = w, h
	body := s.body(env, w-2, h-2)
	return env.Box(s.Title(env), true, w, h, body)
}

func (s *Screen) body(env *screen.Env, w, h int) []string {
	st := &env.St
	if !s.shown() {
		var lines []string
		switch {
		case s.err != nil:
			lines = append(lines, look.WrapStyled(st.Err, text.Printable("could not read "+s.what()+": "+s.err.Error()), w)...)
			lines = append(lines, "", env.Styled(st.Subtle, env.Keys.KeyOf("refresh")+" reads it again", w))
		case s.reading:
			lines = []string{env.Styled(st.Muted, "reading "+s.what()+" ...", w), "",
				env.Styled(st.Subtle, "scaling activities, alarm history, CloudWatch metrics and this machine's journal", w)}
		default:
			lines = []string{env.Styled(st.Muted, "not read yet: "+env.Keys.KeyOf("refresh")+" reads "+s.what(), w)}
		}
		return fill(env, lines, w, h)
	}
	d := s.document(env, w)
	s.top = max(0, min(s.top, len(d.Lines)-h))
	end := min(len(d.Lines), s.top+h)
	return fill(env, d.Lines[s.top:end], w, h)
}

// document is the report laid out at width w, built again only when the
// report, the width or the look changed.
func (s *Screen) document(env *screen.Env, w int) *screen.Doc {
	key := fmt.Sprintf("%d|%d|%v|%v|%s%s%s", w, s.gen, s.q.Incident, env.ASCII, env.St.Base.Open(), env.St.Emph.Open(), env.St.Warn.Open())
	if s.doc != nil && s.docKey == key {
		return s.doc
	}
	d := screen.NewDoc(env, w)
	if s.q.Incident {
		incidentDoc(env, d, s.inc)
	} else {
		fleetDoc(env, d, s.fleet)
	}
	s.doc, s.docKey = d, key
	return d
}

// fill cuts or pads lines to exactly h lines of w cells.
func fill(env *screen.Env, lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if l == "" {
			lines[i] = strings.Repeat(" ", w)
		}
	}
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	return lines
}
