package sim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/solemate/hoist/model"
)

// The control surface, under /_sim/, for tests, drills and benchmarks:
//
//	GET  /_sim/stats     JSON Stats: requests per service and operation,
//	                     error codes answered, faults injected per kind, the
//	                     virtual clock, the scenario, and every mutation
//	                     applied (operation, group, values, request id, region).
//	                     ?region=us-west-2: one region's (a Cloud's).
//	POST /_sim/clock     {"advance":"5m"} steps the virtual clock; answers
//	                     {"clock": "..."}.
//	POST /_sim/scenario  {"name":"flash-sale"} switches the scenario live.
//	POST /_sim/faults    {"throttle":{"autoscaling":0.3,"*":0.1},
//	                     "error_rate":0.1, "latency":"3s", "latency_rate":0.2,
//	                     "outage_for":"60s", "expired_token":true,
//	                     "fail":{"PutMetricAlarm":1}, "regions":["us-east-1"]}
//	                     All fields optional; {} clears every fault. The
//	                     outage answers 503 ServiceUnavailable for its window,
//	                     measured in real time so a client can wait it out;
//	                     regions limits the faults to those regions.
//	GET  /_sim/faults    the faults in force.
//	GET  /_sim/ledger    JSON Ledger: cost, requests served and failed, slow
//	                     minutes, per group and in total, since the start
//	                     and since the last mark (ledger.go); a Cloud's
//	                     primary region's, or ?region=us-west-2's.
//	POST /_sim/ledger/mark  {"p99_threshold":"750ms"} (optional) starts the
//	                     "since mark" book at the clock (?region= as above).

// controlled is what the control surface drives: a Simulator, or a Cloud
// of them.
type controlled interface {
	statsFor(region string) (Stats, error)
	Advance(d time.Duration)
	Now() time.Time
	SetScenario(name string) error
	SetFaults(f Faults)
	faultState() *faultState
	// simIn is the simulator of region ("" for the primary).
	simIn(region string) (*Simulator, error)
}

func (s *Simulator) statsFor(region string) (Stats, error) {
	if region != "" && region != s.region {
		return Stats{}, fmt.Errorf("this simulator serves %s only", s.region)
	}
	return s.Stats(), nil
}

func (s *Simulator) faultState() *faultState { return s.faults }

func (s *Simulator) simIn(region string) (*Simulator, error) {
	if region != "" && region != s.region {
		return nil, fmt.Errorf("this simulator serves %s only", s.region)
	}
	return s, nil
}

func controlHandler(s controlled) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sim/stats", func(w http.ResponseWriter, r *http.Request) {
		st, err := s.statsFor(r.URL.Query().Get("region"))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	mux.HandleFunc("POST /_sim/clock", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Advance string `json:"advance"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON: " + err.Error()})
			return
		}
		d, err := time.ParseDuration(body.Advance)
		if err != nil || d < 0 || d > 30*24*time.Hour {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("advance must be a duration between 0 and 720h, got %q", body.Advance)})
			return
		}
		s.Advance(d)
		writeJSON(w, http.StatusOK, map[string]any{"clock": s.Now()})
	})
	mux.HandleFunc("POST /_sim/scenario", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Name string `json:"name"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON: " + err.Error()})
			return
		}
		if err := s.SetScenario(body.Name); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"scenario": body.Name, "clock": s.Now()})
	})
	mux.HandleFunc("GET /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.faultState().describe())
	})
	mux.HandleFunc("POST /_sim/faults", func(w http.ResponseWriter, r *http.Request) {
		f, err := parseFaults(r)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, s.faultState().describe())
	})
	ledgerRoutes(mux, s.simIn)
	mux.HandleFunc("/_sim/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown control endpoint; see GET /_sim/stats, POST /_sim/clock, /_sim/scenario, /_sim/faults, GET /_sim/ledger, POST /_sim/ledger/mark"})
	})
	return mux
}

func parseFaults(r *http.Request) (Faults, error) {
	var body struct {
		Throttle     map[string]float64 `json:"throttle"`
		ErrorRate    float64            `json:"error_rate"`
		Latency      string             `json:"latency"`
		LatencyRate  float64            `json:"latency_rate"`
		OutageFor    string             `json:"outage_for"`
		ExpiredToken bool               `json:"expired_token"`
		Fail         map[string]int     `json:"fail"`
		Regions      []string           `json:"regions"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return Faults{}, fmt.Errorf("faults must be a JSON object with throttle, error_rate, latency, latency_rate, outage_for, expired_token, fail, regions: %v", err)
	}
	f := Faults{Throttle: body.Throttle, ErrorRate: body.ErrorRate, LatencyRate: body.LatencyRate, ExpiredToken: body.ExpiredToken, Fail: body.Fail, Regions: body.Regions}
	for op, n := range f.Fail {
		if n < 0 || op == "" {
			return Faults{}, fmt.Errorf("fail takes operation names and how many of their calls to fail, not %q: %d", op, n)
		}
	}
	for _, r := range f.Regions {
		if _, ok := model.LookupRegion(r); !ok {
			return Faults{}, fmt.Errorf("regions: %q is not an AWS region", r)
		}
	}
	for k, v := range f.Throttle {
		if v < 0 || v > 1 {
			return Faults{}, fmt.Errorf("throttle rate for %q must be between 0 and 1", k)
		}
	}
	if f.ErrorRate < 0 || f.ErrorRate > 1 || f.LatencyRate < 0 || f.LatencyRate > 1 {
		return Faults{}, fmt.Errorf("rates must be between 0 and 1")
	}
	var err error
	if body.Latency != "" {
		if f.Latency, err = time.ParseDuration(body.Latency); err != nil {
			return Faults{}, fmt.Errorf("latency: %v", err)
		}
	}
	if body.OutageFor != "" {
		if f.OutageFor, err = time.ParseDuration(body.OutageFor); err != nil {
			return Faults{}, fmt.Errorf("outage_for: %v", err)
		}
	}
	return f, nil
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// Handler serves the AWS APIs and the /_sim/ control surface.
func (s *Simulator) Handler() http.Handler {
	aws := s.aws
	ctl := controlHandler(s)
	return proveIdentity(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_sim/") {
			ctl.ServeHTTP(w, r)
			return
		}
		aws.ServeHTTP(w, r)
	}))
}
