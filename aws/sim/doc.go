// Package sim is an AWS-compatible simulator with a living fleet, served as
// an http.Handler. It answers the protocols the aws-sdk-go-v2 clients and the
// aws CLI send, over the SDK's own types, and moves on a virtual clock.
//
// It is a server: it never imports hoist's aws or ui packages.
package sim
