package screen

import (
	"time"

	"github.com/solemate/hoist/model"
)

// Fresh is how fresh some classes of a snapshot are: the age of the
// first of them (the data a screen draws as its own) or, when one of them
// fails, the age of that one, and its current problem.
type Fresh struct {
	Age       time.Duration // since the class it is about last succeeded
	Class     model.Class   // the class it is about
	Reason    string        // its error, in full; "" when none fails
	Throttled bool
}

// Freshness is the freshness of classes in s at now. The reason is the
// failing class attempted most recently: the problem as it is now, not
// an error a class that is rarely read still carries.
func Freshness(s *model.Snapshot, now time.Time, classes ...model.Class) Fresh {
	var f Fresh
	if len(classes) > 0 {
		f.Class = classes[0]
	}
	var latest time.Time
	for _, c := range classes {
		st, ok := s.Fresh[c]
		if ok && (st.Err != "" || st.Throttled) && (f.Reason == "" || st.AttemptedAt.After(latest)) {
			f.Class, f.Reason, f.Throttled, latest = c, st.Err, st.Throttled, st.AttemptedAt
			if f.Reason == "" {
				f.Reason = "throttled"
			}
		}
	}
	if st, ok := s.Fresh[f.Class]; ok && !st.FetchedAt.IsZero() {
		f.Age = now.Sub(st.FetchedAt)
	}
	return f
}

// Stale reports whether the data is older than after, or failing.
func (f Fresh) Stale(after time.Duration) bool { return f.Age >= after || f.Reason != "" }

// CoarseAge is a fresh age as the console says it, in two coarse steps:
// under half the stale age, or under the stale age ("<15s", "<30s"). An
// idle console then redraws nothing for it between refreshes (the
// header's heartbeat, ui/header.go); once stale the age counts by the
// second.
func CoarseAge(age, stale time.Duration) string {
	half := (stale / 2).Round(time.Second)
	if age < half {
		return "<" + model.ShortDuration(half)
	}
	return "<" + model.ShortDuration(stale)
}

// NextChange is how long until f's age, said as CoarseAge while fresh,
// reads differently: when it passes half the stale age, or turns stale;
// a second once it is stale.
func (f Fresh) NextChange(stale time.Duration) time.Duration {
	if f.Stale(stale) || f.Age < 0 {
		return time.Second
	}
	next := stale - f.Age
	if half := (stale / 2).Round(time.Second); f.Age < half {
		next = half - f.Age
	}
	return max(next, 50*time.Millisecond)
}

// Short is the reason in a word or a few: "throttled", or the error.
func (f Fresh) Short() string {
	if f.Throttled {
		return "throttled"
	}
	return f.Reason
}

// Failing are the classes of s whose last attempt failed, in the order of
// model.Classes.
func Failing(s *model.Snapshot) []model.Class {
	var out []model.Class
	for _, c := range model.Classes {
		if st := s.Fresh[c]; st.Err != "" || st.Throttled {
			out = append(out, c)
		}
	}
	return out
}
