package aws

import (
	"context"
	"fmt"
	"strings"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/solemate/hoist/model"
)

// The sends of the CloudWatch actions: one call each, never retried
// (cwOnce).

// MuteRuleInput is the PutAlarmMuteRule request that mutes alarm's actions
// for d starting at now (the server's clock): a one-off "at" schedule.
func MuteRuleInput(alarm string, d time.Duration, now time.Time, reason string) *cloudwatch.PutAlarmMuteRuleInput {
	now = now.UTC().Truncate(time.Minute)
	in := &cloudwatch.PutAlarmMuteRuleInput{
		Name: sdk.String("hoist-" + ruleName(alarm) + "-" + now.Format("20060102T1504")),
		Rule: &cwtypes.Rule{Schedule: &cwtypes.Schedule{
			Expression: sdk.String("at(" + now.Format("2006-01-02T15:04") + ")"),
			Duration:   sdk.String(isoDuration(d)),
		}},
		MuteTargets: &cwtypes.MuteTargets{AlarmNames: []string{alarm}},
		ExpireDate:  sdk.Time(now.Add(d + time.Minute)),
	}
	if reason != "" {
		if len(reason) > 1000 {
			reason = strings.ToValidUTF8(reason[:1000], "")
		}
		in.Description = sdk.String(reason)
	}
	return in
}

func (s *Session) muteAlarm(ctx context.Context, a model.MuteAlarm, _ fresh, reason string) (string, error) {
	o, err := s.cw.PutAlarmMuteRule(ctx, MuteRuleInput(a.Alarm, a.For, s.Now(), reason), cwOnce)
	if err != nil {
		return "", classify("cloudwatch:PutAlarmMuteRule", err)
	}
	return requestID(o.ResultMetadata), nil
}

// ruleName keeps the characters a rule name may hold.
func ruleName(alarm string) string {
	var b strings.Builder
	for _, r := range alarm {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 200 {
			break
		}
	}
	return b.String()
}

// isoDuration renders d (whole minutes) as ISO 8601: PT90M → PT1H30M, P2DT4H.
func isoDuration(d time.Duration) string {
	m := int(d / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	out := "P"
	if days > 0 {
		out += fmt.Sprintf("%dD", days)
	}
	if hours > 0 || mins > 0 {
		out += "T"
		if hours > 0 {
			out += fmt.Sprintf("%dH", hours)
		}
		if mins > 0 {
			out += fmt.Sprintf("%dM", mins)
		}
	}
	if out == "P" {
		out = "PT1M"
	}
	return out
}
