package grammar

import (
	"math"
	"math/big"
)

// Numbers are generated with at most maxIntDigits digits before the point,
// maxFracDigits after it and (only when no bound applies) maxExpDigits in an
// exponent: random sampling cannot grow a number forever, every value fits a
// float64, and the bounds can be checked exactly with two uint64 per value.
const (
	maxIntDigits  = 18
	maxFracDigits = 18
	maxExpDigits  = 2
)

const fracScale = 1_000_000_000_000_000_000 // 10^18

var pow10 = func() [20]uint64 {
	var p [20]uint64
	p[0] = 1
	for i := 1; i < 20; i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// dec is a non-negative decimal i + f/10^18 (f < 10^18); i == MaxUint64
// stands for +infinity.
type dec struct{ i, f uint64 }

var decInf = dec{math.MaxUint64, 0}

func (a dec) less(b dec) bool { return a.i < b.i || a.i == b.i && a.f < b.f }

func maxDec(a, b dec) dec {
	if a.less(b) {
		return b
	}
	return a
}

func minDec(a, b dec) dec {
	if a.less(b) {
		return a
	}
	return b
}

// addFrac adds u/10^18 (u <= 10^18).
func (a dec) addFrac(u uint64) dec {
	if a == decInf {
		return a
	}
	a.f += u
	if a.f >= fracScale {
		a.f -= fracScale
		a.i++
	}
	return a
}

// ceilGrid rounds a up to a multiple of 10^-digits.
func (a dec) ceilGrid(digits int) dec {
	if a == decInf {
		return a
	}
	unit := pow10[18-digits]
	if r := a.f % unit; r != 0 {
		a = a.addFrac(unit - r)
	}
	return a
}

// side is the set of absolute values allowed for one sign.
type side struct {
	ok     bool
	free   bool // every value the digit limits allow
	lo, hi dec  // hi may be decInf
}

// numSpec is a number or integer schema: the allowed magnitudes of positive
// and negative values.
type numSpec struct {
	integer  bool
	pos, neg side
	exp      bool // exponents allowed (unbounded non-integers only)
}

// intRest is the fewest bytes that complete an integer part with n digits
// so far (value v; n == 0: none yet) into a number of this side.
func (sd *side) intRest(v uint64, n int, integer bool) int {
	if !sd.ok {
		return inf
	}
	if sd.free {
		if n == 0 {
			return 1
		}
		return 0
	}
	loI := sd.lo.i
	if sd.lo.f > 0 {
		loI++
	}
	hiI := sd.hi.i
	best := inf
	maxJ := maxIntDigits - n
	if n == 1 && v == 0 {
		maxJ = 0 // a leading zero ends the integer part
	}
	for j := 0; j <= maxJ && j < best; j++ {
		var a, b uint64
		switch {
		case n > 0:
			a = v * pow10[j]
			b = a + pow10[j] - 1
		case j == 0:
			continue
		case j == 1:
			a, b = 0, 9
		default:
			a, b = pow10[j-1], pow10[j]-1
		}
		if max(a, loI) <= min(b, hiI) {
			best = j
			break
		}
		if integer {
			continue
		}
		// a fraction: W + d/10^f with W in [a, b]
		for f := 1; f <= maxFracDigits && j+1+f < best; f++ {
			low := maxDec(sd.lo, dec{a, 0}).ceilGrid(f)
			up := minDec(sd.hi, dec{b, fracScale - pow10[18-f]})
			if !up.less(low) {
				best = j + 1 + f
				break
			}
		}
	}
	return best
}

// fracRest is the fewest bytes that complete a fraction whose value so far
// is x with fd digits after the point.
func (sd *side) fracRest(x dec, fd int) int {
	if !sd.ok {
		return inf
	}
	g0 := 0
	if fd == 0 {
		g0 = 1
	}
	if sd.free {
		return g0
	}
	for g := g0; fd+g <= maxFracDigits; g++ {
		low := maxDec(sd.lo, x).ceilGrid(fd + g)
		up := x.addFrac(pow10[18-fd] - pow10[18-fd-g])
		up = minDec(up, sd.hi)
		if !up.less(low) {
			return g
		}
	}
	return inf
}

func (sd *side) contains(x dec) bool {
	return sd.ok && (sd.free || !x.less(sd.lo) && !sd.hi.less(x))
}

// Number frame phases.
const (
	numStart = iota
	numMinus
	numInt
	numDot
	numFrac
	numE
	numESign
	numExp
)

func (s *numSpec) side(f *frame) *side {
	if f.flag&flagNeg != 0 {
		return &s.neg
	}
	return &s.pos
}

// numValue is the magnitude typed so far.
func numValue(f *frame) dec {
	fd := int(f.b)
	return dec{f.x, f.y * pow10[18-fd]}
}

// numRest is the fewest bytes that complete the number in f (inf if none).
func (s *numSpec) rest(f *frame) int {
	switch f.ph {
	case numStart:
		return min(s.pos.intRest(0, 0, s.integer), 1+s.neg.intRest(0, 0, s.integer))
	case numMinus:
		return s.neg.intRest(0, 0, s.integer)
	case numInt:
		return s.side(f).intRest(f.x, int(f.a), s.integer)
	case numDot, numFrac:
		return s.side(f).fracRest(numValue(f), int(f.b))
	case numE, numESign:
		return 1
	}
	return 0
}

// canEnd reports whether the number typed so far is complete and allowed.
func (s *numSpec) canEnd(f *frame) bool {
	switch f.ph {
	case numInt, numFrac:
		return s.side(f).contains(numValue(f))
	case numExp:
		return true
	}
	return false
}

// step feeds one byte to a number frame.
func (s *numSpec) step(f *frame, b byte) result {
	digit := b >= '0' && b <= '9'
	d := uint64(b - '0')
	switch f.ph {
	case numStart:
		switch {
		case b == '-':
			f.ph = numMinus
			f.flag |= flagNeg
		case digit:
			f.ph, f.a, f.x = numInt, 1, d
		default:
			return rReject
		}
	case numMinus:
		if !digit {
			return rReject
		}
		f.ph, f.a, f.x = numInt, 1, d
	case numInt:
		switch {
		case digit:
			if f.a >= maxIntDigits || f.a == 1 && f.x == 0 {
				return rReject
			}
			f.a++
			f.x = f.x*10 + d
		case b == '.' && !s.integer:
			f.ph = numDot
		case (b == 'e' || b == 'E') && s.exp:
			f.ph = numE
			return rOK
		default:
			return s.end(f)
		}
	case numDot:
		if !digit {
			return rReject
		}
		f.ph, f.b, f.y = numFrac, 1, d
	case numFrac:
		switch {
		case digit:
			if f.b >= maxFracDigits {
				return rReject
			}
			f.b++
			f.y = f.y*10 + d
		case (b == 'e' || b == 'E') && s.exp:
			f.ph = numE
			return rOK
		default:
			return s.end(f)
		}
	case numE:
		switch {
		case b == '+' || b == '-':
			f.ph = numESign
		case digit:
			f.ph, f.c = numExp, 1
		default:
			return rReject
		}
		return rOK
	case numESign:
		if !digit {
			return rReject
		}
		f.ph, f.c = numExp, 1
		return rOK
	case numExp:
		if digit {
			if f.c >= maxExpDigits {
				return rReject
			}
			f.c++
			return rOK
		}
		return rPopRefeed
	}
	if s.rest(f) >= inf {
		return rReject
	}
	return rOK
}

func (s *numSpec) end(f *frame) result {
	if s.canEnd(f) {
		return rPopRefeed
	}
	return rReject
}

// Bounds are turned into sides at compile time with exact rationals.

var ratScale = new(big.Rat).SetInt(new(big.Int).SetUint64(fracScale))

// scaledFloor is floor(v * 10^18 / unit) * unit, in units of 10^-18, where
// unit is 1 (grid 10^-18) or 10^18 (integers).
func scaledFloor(v *big.Rat, unit *big.Int) *big.Int {
	x := new(big.Rat).Mul(v, ratScale)
	q := new(big.Int).Quo(x.Num(), new(big.Int).Mul(x.Denom(), unit))
	// Quo truncates toward zero: fix negatives.
	if x.Sign() < 0 {
		r := new(big.Int).Mul(q, new(big.Int).Mul(x.Denom(), unit))
		if r.Cmp(x.Num()) != 0 {
			q.Sub(q, big.NewInt(1))
		}
	}
	return q.Mul(q, unit)
}

func scaledCeil(v *big.Rat, unit *big.Int) *big.Int {
	neg := new(big.Rat).Neg(v)
	r := scaledFloor(neg, unit)
	return r.Neg(r)
}

type bound struct {
	v         *big.Rat
	exclusive bool
}

// newNumSpec builds the sides from optional lower and upper bounds.
func newNumSpec(integer bool, lo, hi *bound) *numSpec {
	unit := big.NewInt(1)
	if integer {
		unit = new(big.Int).SetUint64(fracScale)
	}
	var loS, hiS *big.Int // scaled by 10^18, on the grid
	if lo != nil {
		if lo.exclusive {
			loS = scaledFloor(lo.v, unit)
			loS.Add(loS, unit)
		} else {
			loS = scaledCeil(lo.v, unit)
		}
	}
	if hi != nil {
		if hi.exclusive {
			hiS = scaledCeil(hi.v, unit)
			hiS.Sub(hiS, unit)
		} else {
			hiS = scaledFloor(hi.v, unit)
		}
	}
	s := &numSpec{integer: integer}
	s.pos = makeSide(loS, hiS, unit)
	var nlo, nhi *big.Int // negated range
	if hiS != nil {
		nlo = new(big.Int).Neg(hiS)
	}
	if loS != nil {
		nhi = new(big.Int).Neg(loS)
	}
	s.neg = makeSide(nlo, nhi, unit)
	s.exp = !integer && s.pos.free && s.neg.free
	return s
}

// makeSide intersects [lo, hi] (scaled; nil: unbounded) with the
// non-negative magnitudes the digit limits allow.
func makeSide(lo, hi *big.Int, unit *big.Int) side {
	limit := new(big.Int).Mul(new(big.Int).SetUint64(pow10[maxIntDigits]), new(big.Int).SetUint64(fracScale))
	limit.Sub(limit, unit) // largest allowed magnitude
	l := new(big.Int)
	if lo != nil && lo.Sign() > 0 {
		l.Set(lo)
	}
	h := new(big.Int).Set(limit)
	if hi != nil && hi.Cmp(limit) < 0 {
		h.Set(hi)
	}
	if l.Cmp(h) > 0 {
		return side{}
	}
	sd := side{ok: true, free: l.Sign() == 0 && hi == nil}
	toDec := func(x *big.Int) dec {
		q, r := new(big.Int).QuoRem(x, new(big.Int).SetUint64(fracScale), new(big.Int))
		return dec{q.Uint64(), r.Uint64()}
	}
	sd.lo = toDec(l)
	sd.hi = toDec(h)
	return sd
}
