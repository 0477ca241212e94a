package screen

import "github.com/solemate/hoist/model"

// Millis are series of milliseconds in the unit a chart labels best:
// "ms", or "s" (each value divided by 1,000) once any reaches a second,
// so an axis reads "1.2s", never "1.2kms".
func Millis(series [][]model.Point) ([][]model.Point, string) {
	top := 0.0
	for _, pts := range series {
		for _, p := range pts {
			top = max(top, p.V)
		}
	}
	if top < 1000 {
		return series, "ms"
	}
	out := make([][]model.Point, len(series))
	for i, pts := range series {
		out[i] = make([]model.Point, len(pts))
		for j, p := range pts {
			out[i][j] = model.Point{T: p.T, V: p.V / 1000}
		}
	}
	return out, "s"
}
