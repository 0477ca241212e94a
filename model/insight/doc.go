// Package insight turns what AWS already records about a fleet into
// measurements, recommendations and capacity plans: how fast each
// scale-out was (alarm breach or action, to launch, to InService, to
// healthy targets), how available and how fast the service stayed while
// it scaled, how much of the paid capacity was idle, what to change to
// spend less without losing availability, what to clean up, and what a
// growth or a flash sale would need.
//
// Everything here is a pure function of its inputs (groups as
// configured now, metric series, scaling activities, alarm history, the
// journal, prices): no IO, no clock, no AWS SDK. It imports model and
// nothing else of hoist. A recommendation is derived from metrics and the
// group's own configuration only, never from knowing which fleet it is
// looking at, so the same rules hold on any account.
//
// Recommendations carry the desired-state change they imply as a list of
// Change values ("~ web min 6 → 2", "+ schedule web night-scale-in"),
// small enough to map onto the configuration files of hoist plan.
package insight
