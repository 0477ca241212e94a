package aws

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	sdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/solemate/hoist/model"
)

// fakeClock is a Clock that moves only when told.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers map[int]fakeTimer
	next   int
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), timers: map[int]fakeTimer{}}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id := c.next
	c.next++
	ch := make(chan time.Time, 1)
	c.timers[id] = fakeTimer{c.now.Add(d), ch}
	return ch, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.timers[id]
		delete(c.timers, id)
		return ok
	}
}

// Advance moves the clock and fires the timers that fall due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for id, t := range c.timers {
		if !t.at.After(c.now) {
			t.c <- c.now
			delete(c.timers, id)
		}
	}
}

// Counting fakes of the narrow interfaces: an empty account. Calls the
// poller never makes panic through the nil embedded interface.
type countingASG struct {
	AutoScalingAPI
	groups, activities, policies, scheduled atomic.Int64
}

func (f *countingASG) DescribeAutoScalingGroups(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	f.groups.Add(1)
	// One group with no instances that launches m5.large: enough for the
	// prices class to ask for spot prices.
	return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []astypes.AutoScalingGroup{{
		AutoScalingGroupName: sdk.String("web"),
		MixedInstancesPolicy: &astypes.MixedInstancesPolicy{LaunchTemplate: &astypes.LaunchTemplate{
			Overrides: []astypes.LaunchTemplateOverrides{{InstanceType: sdk.String("m5.large")}},
		}},
	}}}, nil
}
func (f *countingASG) DescribeScalingActivities(context.Context, *autoscaling.DescribeScalingActivitiesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeScalingActivitiesOutput, error) {
	f.activities.Add(1)
	return &autoscaling.DescribeScalingActivitiesOutput{}, nil
}
func (f *countingASG) DescribePolicies(context.Context, *autoscaling.DescribePoliciesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribePoliciesOutput, error) {
	f.policies.Add(1)
	return &autoscaling.DescribePoliciesOutput{}, nil
}
func (f *countingASG) DescribeScheduledActions(context.Context, *autoscaling.DescribeScheduledActionsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeScheduledActionsOutput, error) {
	f.scheduled.Add(1)
	return &autoscaling.DescribeScheduledActionsOutput{}, nil
}

type countingELB struct {
	ELBAPI
	lbs atomic.Int64
}

func (f *countingELB) DescribeLoadBalancers(context.Context, *elb.DescribeLoadBalancersInput, ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error) {
	f.lbs.Add(1)
	return &elb.DescribeLoadBalancersOutput{}, nil
}
func (f *countingELB) DescribeTargetGroups(context.Context, *elb.DescribeTargetGroupsInput, ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error) {
	return &elb.DescribeTargetGroupsOutput{}, nil
}

type countingCW struct {
	CloudWatchAPI
	alarms atomic.Int64
}

func (f *countingCW) DescribeAlarms(context.Context, *cloudwatch.DescribeAlarmsInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	f.alarms.Add(1)
	return &cloudwatch.DescribeAlarmsOutput{}, nil
}
func (f *countingCW) DescribeAlarmHistory(context.Context, *cloudwatch.DescribeAlarmHistoryInput, ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmHistoryOutput, error) {
	return &cloudwatch.DescribeAlarmHistoryOutput{}, nil
}

type countingEC2 struct {
	EC2API
	spot atomic.Int64
}

func (f *countingEC2) DescribeSpotPriceHistory(context.Context, *ec2.DescribeSpotPriceHistoryInput, ...func(*ec2.Options)) (*ec2.DescribeSpotPriceHistoryOutput, error) {
	f.spot.Add(1)
	return &ec2.DescribeSpotPriceHistoryOutput{}, nil
}

// TestPollerCadencesOnFakeClock drives the poller's default cadences with
// a fake clock and counting fake clients: no sleeping through real minutes.
func TestPollerCadencesOnFakeClock(t *testing.T) {
	clock := newFakeClock()
	asg, lb, cw, e := &countingASG{}, &countingELB{}, &countingCW{}, &countingEC2{}
	s := NewSessionFromClients(Options{Clock: clock, JournalPath: t.TempDir() + "/j"}, "us-east-1", asg, lb, cw, e, model.Identity{Account: "1"})
	p := NewPoller(s, PollerOptions{})
	stop := runPoller(t, p)
	defer stop()

	eventually := func(what string, ok func() bool) {
		t.Helper()
		for i := 0; i < 400; i++ {
			if ok() {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("never: %s (groups %d alarms %d lbs %d spot %d)", what, asg.groups.Load(), cw.alarms.Load(), lb.lbs.Load(), e.spot.Load())
	}
	settle := func() {
		// Let the loop take its results and arm its next timer.
		for i := 0; i < 20; i++ {
			time.Sleep(2 * time.Millisecond)
			clock.mu.Lock()
			n := len(clock.timers)
			clock.mu.Unlock()
			if n > 0 {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The first cycle reads the alarms in ALARM and every alarm.
	eventually("first cycle", func() bool {
		return asg.groups.Load() == 1 && cw.alarms.Load() == 2 && lb.lbs.Load() == 1 && e.spot.Load() == 1
	})
	settle()
	// Every 10 s: groups and activities; alarms in ALARM only every 30 s,
	// every alarm every 5 minutes.
	for i := 1; i <= 3; i++ {
		clock.Advance(10 * time.Second)
		eventually("groups every 10s", func() bool { return asg.groups.Load() == int64(1+i) })
		settle()
	}
	if n := cw.alarms.Load(); n != 3 {
		t.Errorf("alarms fetched %d times in 30 s, want 3 (every alarm once, those in ALARM twice)", n)
	}
	if n := lb.lbs.Load(); n != 1 {
		t.Errorf("load balancers fetched %d times in 30 s, want 1 (every 5 min)", n)
	}
	// An hour later prices have been fetched again, once.
	for i := 0; i < 60; i++ {
		clock.Advance(time.Minute)
		settle()
		if e.spot.Load() == 2 {
			break
		}
	}
	if n := e.spot.Load(); n != 2 {
		t.Errorf("spot prices fetched %d times in an hour, want 2", n)
	}
}
