// Package aws is hoist's one adapter to AWS: the session, narrow SDK clients,
// fetching and converting to model types, the background poller, the action
// functions and the journal.
//
// The same code talks to real AWS, to moto, or to the simulator in aws/sim;
// only the endpoint differs. It imports model, never ui.
package aws
