package insight

import (
	"strconv"
	"strings"
)

// itype is an EC2 instance type name taken apart:
// "m6g.xlarge" is family letter "m", generation 6, attributes "g", size
// "xlarge".
type itype struct {
	name   string
	letter string // m, c, r, t, ...
	gen    int
	attrs  string // "", "i", "a", "g", "gd", ...
	size   string
}

func parseType(name string) (itype, bool) {
	fam, size, ok := strings.Cut(name, ".")
	if !ok || fam == "" || size == "" {
		return itype{}, false
	}
	i := 0
	for i < len(fam) && (fam[i] < '0' || fam[i] > '9') {
		i++
	}
	j := i
	for j < len(fam) && fam[j] >= '0' && fam[j] <= '9' {
		j++
	}
	gen, err := strconv.Atoi(fam[i:j])
	if i == 0 || err != nil {
		return itype{}, false
	}
	return itype{name: name, letter: fam[:i], gen: gen, attrs: fam[j:], size: size}, true
}

// arm reports a Graviton type (the "g" attribute).
func (t itype) arm() bool { return strings.HasPrefix(t.attrs, "g") }

// burstable: t2, t3, t4g. Rightsizing them is a different question (CPU
// credits), so hoist leaves them alone.
func (t itype) burstable() bool { return t.letter == "t" }

// sizes is the ladder of sizes by vCPUs, for halving.
var sizes = []struct {
	name string
	vcpu int
}{{"large", 2}, {"xlarge", 4}, {"2xlarge", 8}, {"4xlarge", 16}, {"8xlarge", 32}, {"12xlarge", 48}, {"16xlarge", 64}}

func vcpus(size string) int {
	for _, s := range sizes {
		if s.name == size {
			return s.vcpu
		}
	}
	return 0
}

// smaller is the next size down the ladder ("" for large and anything
// off the ladder).
func smaller(size string) string {
	for i, s := range sizes {
		if s.name == size && i > 0 && sizes[i-1].vcpu*2 == s.vcpu {
			return sizes[i-1].name
		}
	}
	return ""
}

// families hoist proposes as replacements, newest first, by family letter.
var families = map[string][]string{
	"m": {"m7i", "m7g", "m6i", "m6a", "m6g"},
	"c": {"c7i", "c7g", "c6i", "c6g"},
	"r": {"r7g", "r6i", "r6g"},
}

// candidates lists the types that could replace t: the same size or one
// smaller, in a family at least as new (strictly newer for the same
// size), arm64 only when arm is allowed. A group already on Graviton runs
// an arm64 image, so it stays on arm64.
func candidates(t itype, arm, smallerToo bool) []string {
	var out []string
	sizesFor := []string{t.size}
	if s := smaller(t.size); smallerToo && s != "" {
		sizesFor = append(sizesFor, s)
	}
	for _, fam := range families[t.letter] {
		f, _ := parseType(fam + ".large")
		if f.arm() && !arm && !t.arm() || t.arm() && !f.arm() {
			continue
		}
		for _, size := range sizesFor {
			newer := f.gen > t.gen || (f.gen == t.gen && f.arm() && !t.arm())
			if size == t.size && !newer || f.gen < t.gen {
				continue
			}
			if name := fam + "." + size; name != t.name {
				out = append(out, name)
			}
		}
	}
	if s := smaller(t.size); smallerToo && s != "" {
		out = append(out, t.letter+strconv.Itoa(t.gen)+t.attrs+"."+s)
	}
	return out
}

// siblings are types of the same size and architecture in families of the
// same letter and a generation at least as new, for spreading Spot
// capacity over several pools without mixing in slower instances.
func siblings(t itype) []string {
	out := []string{t.name}
	for _, fam := range append(families[t.letter], t.letter+"5") {
		f, _ := parseType(fam + ".large")
		if f.arm() != t.arm() || f.gen < t.gen {
			continue
		}
		if name := fam + "." + t.size; name != t.name {
			out = append(out, name)
		}
	}
	return out
}
