package quant

// The scale searches of ggml's K-quant reference quantizers
// (make_qx_quants, make_q3_quants, make_qkx2_quants in ggml-quants.c),
// reimplemented so that llama-quantize's no-imatrix output is reproduced.
//
// All arithmetic is float32 in ggml's evaluation order. Every product that
// feeds an addition or subtraction is wrapped in an explicit float32()
// conversion: Go may otherwise fuse it into an FMA on arm64 (or amd64 v3),
// while ggml's reference code is compiled for baseline x86-64 without FMA.
// That keeps the quantized bytes identical on every architecture.

// groupMaxEps is GROUP_MAX_EPS: a group whose largest magnitude is below it
// is treated as all zero.
const groupMaxEps = 1e-15

// makeQXQuants is make_qx_quants with no importance weights and rmse_type 1
// (weights x²), the only configuration the reference quantizers use. It
// chooses the signed scale for n values on levels [-nmax, nmax-1], stores the
// levels offset by nmax into L, and returns the scale.
func makeQXQuants(nmax int, x []float32, L []int8) float32 {
	n := len(x)
	L = L[:n]
	var vmax, amax float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, vmax = a, v
		}
	}
	if amax < groupMaxEps {
		clear(L)
		return 0
	}
	fnmax := float32(nmax)
	iscale := -fnmax / vmax
	var sumlx, suml2 float32
	for i, v := range x {
		l := clampInt(nearestInt(iscale*v), -nmax, nmax-1)
		L[i] = int8(l + nmax)
		fl := float32(l)
		w := v * v
		sumlx += float32(w * v * fl)
		suml2 += float32(w * fl * fl)
	}
	var scale float32
	if suml2 != 0 {
		scale = sumlx / suml2
	}
	best := scale * sumlx
	for is := -9; is <= 9; is++ {
		if is == 0 {
			continue
		}
		iscale = -(fnmax + float32(0.1*float32(is))) / vmax
		sumlx, suml2 = 0, 0
		for _, v := range x {
			fl := float32(clampInt(nearestInt(iscale*v), -nmax, nmax-1))
			w := v * v
			sumlx += float32(w * v * fl)
			suml2 += float32(w * fl * fl)
		}
		if suml2 > 0 && float32(sumlx*sumlx) > float32(best*suml2) {
			for i, v := range x {
				L[i] = int8(nmax + clampInt(nearestInt(iscale*v), -nmax, nmax-1))
			}
			scale = sumlx / suml2
			best = scale * sumlx
		}
	}
	return scale
}

// makeQ3Quants is make_q3_quants with do_rmse set, as quantize_row_q3_K_ref
// calls it: a rounding start at -nmax/max followed by up to five passes of
// coordinate descent on the weighted (x²) least-squares fit. L receives
// levels offset by nmax.
func makeQ3Quants(nmax int, x []float32, L []int8) float32 {
	n := len(x)
	L = L[:n]
	var vmax, amax float32
	for _, v := range x {
		if a := abs32(v); a > amax {
			amax, vmax = a, v
		}
	}
	if amax < groupMaxEps {
		clear(L)
		return 0
	}
	iscale := -float32(nmax) / vmax
	var sumlx, suml2 float32
	for i, v := range x {
		l := clampInt(nearestInt(iscale*v), -nmax, nmax-1)
		L[i] = int8(l)
		fl := float32(l)
		w := v * v
		sumlx += float32(w * v * fl)
		suml2 += float32(w * fl * fl)
	}
	for itry := 0; itry < 5; itry++ {
		changed := 0
		for i, v := range x {
			w := v * v
			li := float32(L[i])
			slx := sumlx - float32(w*v*li)
			if slx > 0 {
				sl2 := suml2 - float32(w*li*li)
				newL := clampInt(nearestInt(v*sl2/slx), -nmax, nmax-1)
				if newL != int(L[i]) {
					fl := float32(newL)
					slx += float32(w * v * fl)
					sl2 += float32(w * fl * fl)
					if sl2 > 0 && float32(float32(slx*slx)*suml2) > float32(float32(sumlx*sumlx)*sl2) {
						L[i] = int8(newL)
						sumlx, suml2 = slx, sl2
						changed++
					}
				}
			}
		}
		if changed == 0 {
			break
		}
	}
	for i := range L {
		L[i] += int8(nmax)
	}
	if suml2 > 0 {
		return sumlx / suml2
	}
	return 0
}

// makeQKX2Quants is make_qkx2_quants: it fits x ≈ scale·L + min with levels
// L in [0, nmax] and min ≤ 0, minimising the weighted squared (or, with mad,
// absolute) error over nstep+1 candidate scales around nmax/(max-min). It
// returns the scale and -min. laux is scratch of len(x).
func makeQKX2Quants(nmax int, x, weights []float32, L, laux []uint8, rmin, rdelta float32, nstep int, mad bool) (scale, negMin float32) {
	n := len(x)
	weights, L, laux = weights[:n], L[:n], laux[:n]
	vmin, vmax := x[0], x[0]
	sumW := weights[0]
	sumX := float32(sumW * x[0])
	for i := 1; i < n; i++ {
		v := x[i]
		if v < vmin {
			vmin = v
		}
		if v > vmax {
			vmax = v
		}
		w := weights[i]
		sumW += w
		sumX += float32(w * v)
	}
	if vmin > 0 {
		vmin = 0
	}
	if vmax == vmin {
		clear(L)
		return 0, -vmin
	}
	fnmax := float32(nmax)
	iscale := fnmax / (vmax - vmin)
	scale = 1 / iscale
	var bestErr float32
	for i, v := range x {
		l := clampInt(nearestInt(iscale*(v-vmin)), 0, nmax)
		L[i] = uint8(l)
		diff := float32(scale*float32(l)) + vmin - v
		if mad {
			diff = abs32(diff)
		} else {
			diff = diff * diff
		}
		bestErr += float32(weights[i] * diff)
	}
	if nstep < 1 {
		return scale, -vmin
	}
	for is := 0; is <= nstep; is++ {
		iscale = (float32(rdelta*float32(is)) + rmin + fnmax) / (vmax - vmin)
		var sumL, sumL2, sumXL float32
		for i, v := range x {
			l := clampInt(nearestInt(iscale*(v-vmin)), 0, nmax)
			laux[i] = uint8(l)
			fl := float32(l)
			w := weights[i]
			sumL += float32(w * fl)
			sumL2 += float32(w * fl * fl)
			sumXL += float32(w * fl * v)
		}
		D := float32(sumW*sumL2) - float32(sumL*sumL)
		if D > 0 {
			thisScale := (float32(sumW*sumXL) - float32(sumX*sumL)) / D
			thisMin := (float32(sumL2*sumX) - float32(sumL*sumXL)) / D
			if thisMin > 0 {
				thisMin = 0
				thisScale = sumXL / sumL2
			}
			var curErr float32
			for i, v := range x {
				diff := float32(thisScale*float32(laux[i])) + thisMin - v
				if mad {
					diff = abs32(diff)
				} else {
					diff = diff * diff
				}
				curErr += float32(weights[i] * diff)
			}
			if curErr < bestErr {
				copy(L, laux)
				bestErr = curErr
				scale = thisScale
				vmin = thisMin
			}
		}
	}
	return scale, -vmin
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }
