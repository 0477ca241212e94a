// Package wire serves AWS wire protocols over handlers written against the
// aws-sdk-go-v2's own types.
//
// A handler is a plain method,
//
//	func (a api) SetDesiredCapacity(ctx context.Context, in *autoscaling.SetDesiredCapacityInput) (*autoscaling.SetDesiredCapacityOutput, error)
//
// and NewServer turns a set of them into an http.Handler that the real SDK
// clients and the aws CLI can call: awsquery (autoscaling,
// elasticloadbalancingv2, sts, iam, and CloudWatch's query protocol), ec2query
// (ec2), for CloudWatch rpcv2-CBOR (the Go SDK's default) and JSON 1.0
// (the CLI's choice), and JSON 1.1 (acm).
//
// Nothing about AWS shapes is written here. Operations are found by
// reflecting over the SDK client's methods; inputs are read and outputs
// written by one ShapeDeserializer and one ShapeSerializer per protocol,
// driven by the schemas the SDK generates (which carry the wire traits), or,
// where the SDK lacks a method, by reflection over those schemas. ec2 has no
// schemas yet: its names are generated from the SDK's ec2 (de)serializers
// into ec2names_gen.go (see go:generate in ec2.go).
//
// It is a protocol layer only: it must not import hoist's aws, ui or model
// packages, and it knows nothing of the simulator's state.
package wire
