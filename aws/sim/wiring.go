package sim

import "net/http"

// awsHandler serves the AWS protocols. Until the wire package lands it
// answers 501 for every AWS call.
func (s *Simulator) awsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "AWS protocols not wired yet", http.StatusNotImplemented)
	})
}
