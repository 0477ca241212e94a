// Package aws is hoist's one adapter to AWS: the session, narrow SDK clients,
// fetching and converting to model types, the background poller, the action
// registry and the journal.
//
// The same code talks to real AWS, to moto, or to the simulator in aws/sim;
// only the endpoint differs. It imports model, never ui.
//
// Map of the package:
//
//   - session.go: Open (SDK default credential chain, reloaded after an
//     expired token), the narrow client interfaces that list every call hoist
//     makes (docs/iam grants exactly these), and the middleware that gives
//     every call a deadline, counts attempts and tracks the server's clock.
//   - pace.go: describes paced to half of each account-wide rate bucket
//     AWS publishes (not against an emulator on loopback).
//   - clock.go: the local clock the poller waits on; tests drive it.
//   - errors.go: SDK errors turned into one sentence an operator can act on.
//   - fetch.go, convert.go: paginated describes and the SDK → model boundary;
//     GetMetricData in batches of up to 500 with incremental windows.
//   - poller.go, world.go: one goroutine, a cadence per class, single-flight,
//     backoff with jitter, latest-wins immutable snapshots.
//   - lb_fetch.go, lb_poll.go, lb_world.go: the load balancer reads beyond
//     load balancers and target groups: every listener on the slow
//     cadence, certificates (ACM, IAM) and security policies on long ones,
//     and the details of the load balancers on screen (their target
//     groups' health and attributes, their listeners' certificate lists and
//     rules); lb.go what the command line and the screen ask beyond the
//     snapshots (one-shot reads, lookups by name, the choices).
//   - actions.go: Act, the same path for every action: validate (read-only
//     first) → re-read → conflict check → journal intent → sending hook →
//     send once, never retried → journal outcome (a 4xx failed, a 5xx or no
//     answer unknown) → nudge.
//   - registry.go: one entry per model.Kind: which state it re-reads (a
//     reader per model.RefKind) and which call it sends; send_asg.go,
//     send_cw.go, send_elb.go and send_listener.go hold the sends.
//   - journal.go: append-only JSON Lines, one write and one fsync a record.
//   - backend.go: the console's seam (ui.Backend's method set) with Switch,
//     which carries read-only over (--read-only, :readonly, a read-only
//     profile) and reads the journal for the current account and region.
package aws
