// Package model holds hoist's domain types and the pure rules over them:
// groups, instances, target health, alarms, metric series, prices and cost,
// snapshots, and the actions an operator can take (action_*.go) with their
// validation, the state each re-reads before sending and how it compares it
// (Precondition, check), and their change field by field (Changes).
//
// It does no IO and imports no other hoist package, no AWS SDK and no
// terminal library, so every rule here can be tested with a table.
package model
