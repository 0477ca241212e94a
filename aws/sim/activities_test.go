package sim

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// A deleted group's activities show only with IncludeDeletedGroups, also
// when a new group takes its name.
func TestDeletedGroupsActivities(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	create := func() {
		must(api.CreateAutoScalingGroup(bg, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("brief"), MinSize: aws.Int32(1), MaxSize: aws.Int32(2),
			LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateName: aws.String(webGroup + "-lt")}, AvailabilityZones: []string{"us-east-1a"}}))
	}
	create()
	s.Advance(2 * time.Minute)
	must(api.DeleteAutoScalingGroup(bg, &autoscaling.DeleteAutoScalingGroupInput{AutoScalingGroupName: aws.String("brief"), ForceDelete: aws.Bool(true)}))
	s.Advance(5 * time.Minute)
	if s.groups["brief"] != nil {
		t.Fatal("the group was not deleted")
	}
	count := func(in *autoscaling.DescribeScalingActivitiesInput) int {
		n := 0
		for {
			out := must(api.DescribeScalingActivities(bg, in))
			for _, a := range out.Activities {
				if *a.AutoScalingGroupName == "brief" {
					n++
				}
			}
			if in.NextToken = out.NextToken; in.NextToken == nil {
				return n
			}
		}
	}
	if n := count(&autoscaling.DescribeScalingActivitiesInput{}); n != 0 {
		t.Fatalf("%d activities of a deleted group without IncludeDeletedGroups", n)
	}
	if n := count(&autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("brief")}); n != 0 {
		t.Fatalf("%d activities of a deleted group asked by name", n)
	}
	deleted := count(&autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("brief"), IncludeDeletedGroups: aws.Bool(true)})
	if deleted < 2 || count(&autoscaling.DescribeScalingActivitiesInput{IncludeDeletedGroups: aws.Bool(true)}) != deleted {
		t.Fatalf("%d activities of the deleted group with IncludeDeletedGroups, want its launches and terminations", deleted)
	}
	create()
	s.Advance(time.Minute)
	fresh := count(&autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("brief")})
	all := count(&autoscaling.DescribeScalingActivitiesInput{AutoScalingGroupName: aws.String("brief"), IncludeDeletedGroups: aws.Bool(true)})
	if fresh == 0 || all != deleted+fresh {
		t.Fatalf("the new group shows %d activities; with the deleted one's %d, want %d", fresh, all, deleted+fresh)
	}
}

func TestScheduledActionRefusals(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	api := autoScalingAPI{s}
	now := s.Now()
	mk := func(f func(*autoscaling.PutScheduledUpdateGroupActionInput)) *autoscaling.PutScheduledUpdateGroupActionInput {
		in := &autoscaling.PutScheduledUpdateGroupActionInput{AutoScalingGroupName: aws.String(webGroup), ScheduledActionName: aws.String("a"),
			Recurrence: aws.String("0 9 * * MON-FRI"), TimeZone: aws.String("Europe/Paris"), DesiredCapacity: aws.Int32(4)}
		f(in)
		return in
	}
	for _, c := range []struct {
		in  *autoscaling.PutScheduledUpdateGroupActionInput
		msg string
	}{
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.TimeZone = aws.String("Mars/Olympus") }), "Invalid time zone"},
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.Recurrence = aws.String("0 0 31 2 *") }), "never occurs"},
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.MinSize, in.MaxSize = aws.Int32(5), aws.Int32(3)
		}), "Max bound, 3"},
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.MaxSize = aws.Int32(3) }), "less than or equal to the specified max size:3"},
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.Recurrence, in.StartTime = nil, aws.Time(now.Add(-time.Hour))
		}), "Given start time is in the past"},
		{mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) { in.EndTime = aws.Time(now.Add(-time.Hour)) }), "Given end time is in the past"},
	} {
		_, err := api.PutScheduledUpdateGroupAction(bg, c.in)
		wantErr(t, err, "ValidationError", c.msg)
	}
	refused := 0 // which action was refused first, counting from 1
	for i := 1; i <= 200 && refused == 0; i++ {
		_, err := api.PutScheduledUpdateGroupAction(bg, mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
			in.AutoScalingGroupName, in.ScheduledActionName = aws.String(cacheGroup), aws.String(fmt.Sprint("a", i))
		}))
		if err != nil {
			wantErr(t, err, "LimitExceeded", "125 scheduled actions")
			refused = i
		}
	}
	if refused != 126 {
		t.Fatalf("the first scheduled action refused was number %d, want 126", refused)
	}
	// one-off and recurring with a time zone, read back
	must(api.PutScheduledUpdateGroupAction(bg, mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) {})))
	must(api.PutScheduledUpdateGroupAction(bg, mk(func(in *autoscaling.PutScheduledUpdateGroupActionInput) {
		in.ScheduledActionName, in.Recurrence, in.TimeZone, in.StartTime = aws.String("once"), nil, nil, aws.Time(now.Add(2*time.Hour))
	})))
	out := must(api.DescribeScheduledActions(bg, &autoscaling.DescribeScheduledActionsInput{AutoScalingGroupName: aws.String(webGroup)}))
	got := map[string]astypes.ScheduledUpdateGroupAction{}
	for _, a := range out.ScheduledUpdateGroupActions {
		got[*a.ScheduledActionName] = a
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if a := got["a"]; aws.ToString(a.TimeZone) != "Europe/Paris" || a.StartTime.In(paris).Hour() != 9 {
		t.Fatalf("recurring action read back as %+v", a)
	}
	if o := got["once"]; o.Recurrence != nil || !o.StartTime.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("one-off action read back as %+v", o)
	}
}
