package sim

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// tseries is a time series in bucket-start minutes, ascending.
type tseries struct {
	ts   []int64
	vals []float64
}

type queryResult struct {
	id, label string
	ret       bool
	tseries
}

var queryID = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

// runQueries evaluates GetMetricData queries (metric stats and metric math)
// over [start, end). Results come back in query order, timestamps ascending.
func (s *Simulator) runQueries(qs []cwtypes.MetricDataQuery, start, end time.Time, strict bool) ([]queryResult, error) {
	if len(qs) > 500 {
		return nil, apiErr("ValidationError", "The collection MetricDataQueries must not have a size greater than 500.")
	}
	if !end.After(start) {
		return nil, apiErr("ValidationError", "The parameter StartTime must be less than the parameter EndTime.")
	}
	res := make([]queryResult, len(qs))
	byID := map[string]int{}
	for i, q := range qs {
		id := aws.ToString(q.Id)
		if strict && !queryID.MatchString(id) {
			return nil, apiErr("ValidationError", "The value %s for parameter MetricDataQueries.member.%d.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.", id, i+1)
		}
		if _, dup := byID[id]; dup {
			return nil, apiErr("ValidationError", "The values for parameter id in MetricDataQueries are not unique.")
		}
		byID[id] = i
		if (q.MetricStat == nil) == (q.Expression == nil) {
			return nil, apiErr("ValidationError", "Exactly one of MetricStat and Expression must be set for MetricDataQueries.member.%d.", i+1)
		}
		res[i].id = id
		res[i].ret = q.ReturnData == nil || *q.ReturnData
		res[i].label = aws.ToString(q.Label)
	}
	done := make([]bool, len(qs))
	endMin := (end.Unix() + 59) / 60
	for i, q := range qs {
		if q.MetricStat == nil {
			continue
		}
		ms := q.MetricStat
		if ms.Metric == nil || ms.Metric.MetricName == nil || ms.Metric.Namespace == nil {
			return nil, apiErr("ValidationError", "MetricDataQueries.member.%d.MetricStat.Metric must name a namespace and a metric.", i+1)
		}
		period := aws.ToInt32(ms.Period)
		if !queryPeriod(int64(period)) {
			return nil, apiErr("ValidationError", "The parameter MetricDataQueries.member.%d.MetricStat.Period must be a multiple of 60.", i+1)
		}
		stat := aws.ToString(ms.Stat)
		if !validStat(stat) {
			return nil, apiErr("ValidationError", "The parameter MetricDataQueries.member.%d.MetricStat.Stat must be a valid statistic, got %q.", i+1, stat)
		}
		if res[i].label == "" {
			res[i].label = *ms.Metric.MetricName
		}
		key := seriesKey(*ms.Metric.Namespace, *ms.Metric.MetricName, cwDims(ms.Metric.Dimensions))
		if from, ok := s.retained(start, int64(period)); ok {
			res[i].tseries = s.statSeries(s.metrics.lookup(key), from, endMin, int64(max(period/60, 1)), stat)
		}
		done[i] = true
	}
	// expressions, in dependency order
	for pass := 0; pass < len(qs); pass++ {
		progress := false
		for i, q := range qs {
			if done[i] {
				continue
			}
			e, err := parseExpr(aws.ToString(q.Expression))
			if err != nil {
				return nil, apiErr("ValidationError", "Error in expression '%s': %v", res[i].id, err)
			}
			ready := true
			for _, ref := range e.refs() {
				j, ok := byID[ref]
				if !ok {
					return nil, apiErr("ValidationError", "Error in expression '%s': Unrecognized metric identifier %s.", res[i].id, ref)
				}
				if !done[j] {
					ready = false
				}
			}
			if !ready {
				continue
			}
			env := &exprEnv{qs: qs, res: res, done: done, self: i}
			v, err := e.eval(env)
			if err != nil {
				return nil, apiErr("ValidationError", "Error in expression '%s': %v", res[i].id, err)
			}
			switch {
			case v.ser != nil:
				res[i].tseries = *v.ser
			case len(v.list) == 1:
				res[i].tseries = *v.list[0]
			case v.list != nil:
				return nil, apiErr("ValidationError", "Error in expression '%s': the expression returns %d time series; use SUM, AVG, MIN or MAX to return one.", res[i].id, len(v.list))
			default:
				return nil, apiErr("ValidationError", "Error in expression '%s': the expression must return a time series.", res[i].id)
			}
			if res[i].label == "" {
				res[i].label = res[i].id
			}
			done[i] = true
			progress = true
		}
		if !progress {
			break
		}
	}
	for i := range done {
		if !done[i] {
			return nil, apiErr("ValidationError", "Error in expression '%s': circular reference.", res[i].id)
		}
	}
	return res, nil
}

// statSeries aggregates a series into period buckets aligned to the period,
// reading it (ring and history) a day at a time.
func (s *Simulator) statSeries(ser *series, from, to, pm int64, stat string) tseries {
	var out tseries
	if ser == nil || (ser.first < 0 && ser.hist == nil) {
		return out
	}
	b := from / pm * pm
	if b < from {
		b += pm
	}
	lim := min(to, ser.last+1)
	first := ser.first
	if ser.hist != nil {
		lim = min(to, max(ser.last+1, s.metrics.histEnd))
		first = ser.hist.first()
	}
	if first > b {
		b += (first - b) / pm * pm // skip straight to where the series has data
	}
	per := max(1, 1440/pm) // buckets read at once
	for b < lim {
		k := min(per, (lim-b+pm-1)/pm)
		s.metrics.scratch = fit(s.metrics.scratch, int(k*pm))
		buf := s.metrics.scratch
		s.metrics.read(ser, b, buf)
		for j := range k {
			if v, ok := statOf(buf[j*pm:(j+1)*pm], ser.agg, stat); ok {
				out.ts = append(out.ts, b+j*pm)
				out.vals = append(out.vals, v)
			}
		}
		b += k * pm
	}
	return out
}

// ---- metric math: a small subset ----
//
//	expr   := term (("+" | "-") term)*
//	term   := unary (("*" | "/") unary)*
//	unary  := "-" unary | primary
//	primary:= number | id | FUNC "(" [args] ")" | "(" expr ")" | 'string'
//
// Functions: METRICS([filter]), SUM, AVG, MIN, MAX (over a list or several
// series, per timestamp), FILL(x, value), ABS(x). Series combine on the
// timestamps they share.

type exprNode struct {
	op   byte // + - * / n(number) i(id) f(func) s(string) u(negate)
	num  float64
	name string
	args []*exprNode
}

type exprVal struct {
	scalar *float64
	ser    *tseries
	list   []*tseries
	str    string
}

type exprEnv struct {
	qs   []cwtypes.MetricDataQuery
	res  []queryResult
	done []bool
	self int
}

type exprParser struct {
	s   string
	pos int
}

func parseExpr(src string) (*exprNode, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("empty expression")
	}
	p := &exprParser{s: src}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.s) {
		return nil, fmt.Errorf("unexpected %q at position %d", p.s[p.pos:], p.pos)
	}
	return n, nil
}

func (p *exprParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *exprParser) expr() (*exprNode, error) {
	l, err := p.term()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			op := p.s[p.pos]
			p.pos++
			r, err := p.term()
			if err != nil {
				return nil, err
			}
			l = &exprNode{op: op, args: []*exprNode{l, r}}
			continue
		}
		return l, nil
	}
}

func (p *exprParser) term() (*exprNode, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos < len(p.s) && (p.s[p.pos] == '*' || p.s[p.pos] == '/') {
			op := p.s[p.pos]
			p.pos++
			r, err := p.unary()
			if err != nil {
				return nil, err
			}
			l = &exprNode{op: op, args: []*exprNode{l, r}}
			continue
		}
		return l, nil
	}
}

func (p *exprParser) unary() (*exprNode, error) {
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '-' {
		p.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &exprNode{op: 'u', args: []*exprNode{x}}, nil
	}
	return p.primary()
}

func (p *exprParser) primary() (*exprNode, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, fmt.Errorf("unexpected end of expression")
	}
	c := p.s[p.pos]
	switch {
	case c == '(':
		p.pos++
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ')' {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return n, nil
	case c == '\'' || c == '"':
		end := strings.IndexByte(p.s[p.pos+1:], c)
		if end < 0 {
			return nil, fmt.Errorf("unterminated string")
		}
		str := p.s[p.pos+1 : p.pos+1+end]
		p.pos += end + 2
		return &exprNode{op: 's', name: str}, nil
	case c >= '0' && c <= '9' || c == '.':
		st := p.pos
		for p.pos < len(p.s) && (p.s[p.pos] >= '0' && p.s[p.pos] <= '9' || p.s[p.pos] == '.' || p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
			p.pos++
		}
		v, err := strconv.ParseFloat(p.s[st:p.pos], 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", p.s[st:p.pos])
		}
		return &exprNode{op: 'n', num: v}, nil
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		st := p.pos
		for p.pos < len(p.s) && (p.s[p.pos] >= 'a' && p.s[p.pos] <= 'z' || p.s[p.pos] >= 'A' && p.s[p.pos] <= 'Z' || p.s[p.pos] >= '0' && p.s[p.pos] <= '9' || p.s[p.pos] == '_') {
			p.pos++
		}
		name := p.s[st:p.pos]
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == '(' {
			p.pos++
			fn := &exprNode{op: 'f', name: strings.ToUpper(name)}
			p.space()
			if p.pos < len(p.s) && p.s[p.pos] == ')' {
				p.pos++
				return fn, nil
			}
			for {
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				fn.args = append(fn.args, a)
				p.space()
				if p.pos < len(p.s) && p.s[p.pos] == ',' {
					p.pos++
					continue
				}
				if p.pos < len(p.s) && p.s[p.pos] == ')' {
					p.pos++
					return fn, nil
				}
				return nil, fmt.Errorf("missing ) after arguments of %s", fn.name)
			}
		}
		return &exprNode{op: 'i', name: name}, nil
	}
	return nil, fmt.Errorf("unexpected %q", string(c))
}

func (n *exprNode) refs() []string {
	var out []string
	var walk func(*exprNode)
	walk = func(x *exprNode) {
		if x.op == 'i' {
			out = append(out, x.name)
		}
		for _, a := range x.args {
			walk(a)
		}
	}
	walk(n)
	return out
}

func (n *exprNode) eval(env *exprEnv) (exprVal, error) {
	switch n.op {
	case 'n':
		v := n.num
		return exprVal{scalar: &v}, nil
	case 's':
		return exprVal{str: n.name}, nil
	case 'i':
		for j := range env.res {
			if env.res[j].id == n.name {
				t := env.res[j].tseries
				return exprVal{ser: &t}, nil
			}
		}
		return exprVal{}, fmt.Errorf("unrecognized metric identifier %s", n.name)
	case 'u':
		x, err := n.args[0].eval(env)
		if err != nil {
			return x, err
		}
		minus := -1.0
		return binop('*', x, exprVal{scalar: &minus})
	case '+', '-', '*', '/':
		a, err := n.args[0].eval(env)
		if err != nil {
			return a, err
		}
		b, err := n.args[1].eval(env)
		if err != nil {
			return b, err
		}
		return binop(n.op, a, b)
	case 'f':
		return n.call(env)
	}
	return exprVal{}, fmt.Errorf("bad expression")
}

func (n *exprNode) call(env *exprEnv) (exprVal, error) {
	args := make([]exprVal, len(n.args))
	for i, a := range n.args {
		v, err := a.eval(env)
		if err != nil {
			return v, err
		}
		args[i] = v
	}
	switch n.name {
	case "METRICS":
		filter := ""
		if len(args) > 0 {
			filter = args[0].str
		}
		var list []*tseries
		for j, q := range env.qs {
			if j == env.self || q.MetricStat == nil || !env.done[j] {
				continue
			}
			if filter != "" && !strings.Contains(env.res[j].label, filter) && !strings.Contains(env.res[j].id, filter) {
				continue
			}
			t := env.res[j].tseries
			list = append(list, &t)
		}
		if list == nil {
			list = []*tseries{}
		}
		return exprVal{list: list}, nil
	case "SUM", "AVG", "MIN", "MAX":
		var list []*tseries
		for _, a := range args {
			switch {
			case a.ser != nil:
				list = append(list, a.ser)
			case a.list != nil:
				list = append(list, a.list...)
			default:
				return exprVal{}, fmt.Errorf("%s takes time series", n.name)
			}
		}
		if len(args) == 1 && args[0].ser != nil {
			// SUM(m1) reduces one series to a scalar-like series of itself
			return exprVal{ser: args[0].ser}, nil
		}
		r := reduce(n.name, list)
		return exprVal{ser: &r}, nil
	case "FILL":
		if len(args) != 2 || args[1].scalar == nil {
			return exprVal{}, fmt.Errorf("FILL takes a time series and a number")
		}
		// fill every timestamp that any other query of the request has
		all := map[int64]bool{}
		for j := range env.res {
			if env.done[j] {
				for _, ts := range env.res[j].ts {
					all[ts] = true
				}
			}
		}
		fill := func(t *tseries) *tseries {
			have := map[int64]float64{}
			for i, ts := range t.ts {
				have[ts] = t.vals[i]
				all[ts] = true
			}
			keys := make([]int64, 0, len(all))
			for k := range all {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
			o := &tseries{}
			for _, k := range keys {
				v, ok := have[k]
				if !ok {
					v = *args[1].scalar
				}
				o.ts, o.vals = append(o.ts, k), append(o.vals, v)
			}
			return o
		}
		switch {
		case args[0].ser != nil:
			return exprVal{ser: fill(args[0].ser)}, nil
		case args[0].list != nil:
			var l []*tseries
			for _, t := range args[0].list {
				l = append(l, fill(t))
			}
			return exprVal{list: l}, nil
		}
		return args[0], nil
	case "ABS":
		if len(args) != 1 {
			return exprVal{}, fmt.Errorf("ABS takes one argument")
		}
		return mapVal(args[0], math.Abs), nil
	}
	return exprVal{}, fmt.Errorf("unsupported function %s", n.name)
}

func mapVal(v exprVal, f func(float64) float64) exprVal {
	one := func(t *tseries) *tseries {
		o := &tseries{ts: t.ts, vals: make([]float64, len(t.vals))}
		for i, x := range t.vals {
			o.vals[i] = f(x)
		}
		return o
	}
	switch {
	case v.scalar != nil:
		x := f(*v.scalar)
		return exprVal{scalar: &x}
	case v.ser != nil:
		return exprVal{ser: one(v.ser)}
	default:
		var l []*tseries
		for _, t := range v.list {
			l = append(l, one(t))
		}
		return exprVal{list: l}
	}
}

func reduce(fn string, list []*tseries) tseries {
	acc := map[int64][]float64{}
	for _, t := range list {
		for i, ts := range t.ts {
			acc[ts] = append(acc[ts], t.vals[i])
		}
	}
	var out tseries
	keys := make([]int64, 0, len(acc))
	for k := range acc {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, k := range keys {
		vs := acc[k]
		var r float64
		switch fn {
		case "SUM", "AVG":
			for _, v := range vs {
				r += v
			}
			if fn == "AVG" {
				r /= float64(len(vs))
			}
		case "MIN":
			r = math.Inf(1)
			for _, v := range vs {
				r = math.Min(r, v)
			}
		case "MAX":
			r = math.Inf(-1)
			for _, v := range vs {
				r = math.Max(r, v)
			}
		}
		out.ts = append(out.ts, k)
		out.vals = append(out.vals, r)
	}
	return out
}

func apply(op byte, a, b float64) (float64, bool) {
	switch op {
	case '+':
		return a + b, true
	case '-':
		return a - b, true
	case '*':
		return a * b, true
	case '/':
		if b == 0 {
			return 0, false
		}
		return a / b, true
	}
	return 0, false
}

func binop(op byte, a, b exprVal) (exprVal, error) {
	switch {
	case a.scalar != nil && b.scalar != nil:
		v, ok := apply(op, *a.scalar, *b.scalar)
		if !ok {
			v = math.NaN()
		}
		return exprVal{scalar: &v}, nil
	case a.list != nil || b.list != nil:
		if a.list != nil && b.list != nil {
			return exprVal{}, fmt.Errorf("cannot combine two lists of time series")
		}
		var out []*tseries
		if a.list != nil {
			for _, t := range a.list {
				r, err := binop(op, exprVal{ser: t}, b)
				if err != nil {
					return r, err
				}
				out = append(out, r.ser)
			}
		} else {
			for _, t := range b.list {
				r, err := binop(op, a, exprVal{ser: t})
				if err != nil {
					return r, err
				}
				out = append(out, r.ser)
			}
		}
		return exprVal{list: out}, nil
	case a.ser != nil && b.scalar != nil:
		o := &tseries{}
		for i, x := range a.ser.vals {
			if v, ok := apply(op, x, *b.scalar); ok {
				o.ts, o.vals = append(o.ts, a.ser.ts[i]), append(o.vals, v)
			}
		}
		return exprVal{ser: o}, nil
	case a.scalar != nil && b.ser != nil:
		o := &tseries{}
		for i, x := range b.ser.vals {
			if v, ok := apply(op, *a.scalar, x); ok {
				o.ts, o.vals = append(o.ts, b.ser.ts[i]), append(o.vals, v)
			}
		}
		return exprVal{ser: o}, nil
	case a.ser != nil && b.ser != nil:
		o := &tseries{}
		i, j := 0, 0
		for i < len(a.ser.ts) && j < len(b.ser.ts) {
			switch {
			case a.ser.ts[i] < b.ser.ts[j]:
				i++
			case a.ser.ts[i] > b.ser.ts[j]:
				j++
			default:
				if v, ok := apply(op, a.ser.vals[i], b.ser.vals[j]); ok {
					o.ts, o.vals = append(o.ts, a.ser.ts[i]), append(o.vals, v)
				}
				i++
				j++
			}
		}
		return exprVal{ser: o}, nil
	}
	return exprVal{}, fmt.Errorf("operands must be numbers or time series")
}
