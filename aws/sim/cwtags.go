package sim

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// CloudWatch resource tags: alarms and dashboards, by ARN.

// taggable finds the tags of the alarm or dashboard an ARN names.
func (s *Simulator) taggable(arn string) (*[]cwtypes.Tag, error) {
	alarmPrefix := "arn:aws:cloudwatch:" + s.region + ":" + Account + ":alarm:"
	dashPrefix := "arn:aws:cloudwatch::" + Account + ":dashboard/"
	switch {
	case strings.HasPrefix(arn, alarmPrefix):
		if a := s.alarms[arn[len(alarmPrefix):]]; a != nil {
			return &a.tags, nil
		}
	case strings.HasPrefix(arn, dashPrefix):
		if d := s.dashboards[arn[len(dashPrefix):]]; d != nil {
			return &d.tags, nil
		}
	case !strings.HasPrefix(arn, "arn:aws:cloudwatch:"):
		return nil, apiErr("InvalidParameterValue", "The value %s for parameter ResourceARN is not a valid CloudWatch ARN.", arn)
	}
	return nil, apiErr("ResourceNotFoundException", "The specified resource %s does not exist.", arn)
}

func (a cloudWatchAPI) ListTagsForResource(ctx context.Context, in *cloudwatch.ListTagsForResourceInput) (*cloudwatch.ListTagsForResourceOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	tags, err := s.taggable(aws.ToString(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	return &cloudwatch.ListTagsForResourceOutput{Tags: append([]cwtypes.Tag{}, *tags...)}, nil
}

// TagResource adds tags, replacing the value of a key already there; a
// resource holds at most 50.
func (a cloudWatchAPI) TagResource(ctx context.Context, in *cloudwatch.TagResourceInput) (*cloudwatch.TagResourceOutput, error) {
	s := a.s
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := aws.ToString(in.ResourceARN)
	tags, err := s.taggable(arn)
	if err != nil {
		return nil, err
	}
	merged := append([]cwtypes.Tag{}, *tags...)
	for _, t := range in.Tags {
		i := tagIndex(merged, aws.ToString(t.Key))
		if i < 0 {
			merged = append(merged, t)
		} else {
			merged[i] = t
		}
	}
	if len(merged) > 50 {
		return nil, apiErr("LimitExceededException", "A resource can have at most 50 tags; %s would have %d.", arn, len(merged))
	}
	*tags = merged
	s.mutated(ctx, svcCW, "TagResource", "", map[string]any{"resource": arn, "tags": len(in.Tags)})
	return &cloudwatch.TagResourceOutput{}, nil
}

func (a cloudWatchAPI) UntagResource(ctx context.Context, in *cloudwatch.UntagResourceInput) (*cloudwatch.UntagResourceOutput, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	arn := aws.ToString(in.ResourceARN)
	tags, err := s.taggable(arn)
	if err != nil {
		return nil, err
	}
	kept := (*tags)[:0:0]
	for _, t := range *tags {
		if !contains(in.TagKeys, aws.ToString(t.Key)) {
			kept = append(kept, t)
		}
	}
	*tags = kept
	s.mutated(ctx, svcCW, "UntagResource", "", map[string]any{"resource": arn, "keys": in.TagKeys})
	return &cloudwatch.UntagResourceOutput{}, nil
}

func tagIndex(tags []cwtypes.Tag, key string) int {
	for i, t := range tags {
		if aws.ToString(t.Key) == key {
			return i
		}
	}
	return -1
}
