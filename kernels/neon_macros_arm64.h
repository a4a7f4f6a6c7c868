// Instruction macros shared by the NEON kernels: neon_arm64.s (floats),
// neon_legacy_arm64.s (32-element blocks) and neon_kquant_arm64.s
// (K-quants); the matching .go files hold the Go reference of each routine.
// Go's arm64 assembler has no mnemonic for most of the AdvSIMD arithmetic
// used there (SDOT, SMULL, SMLAL, SADALP, SADDLP, SCVTF, FCVTL, MUL, MLA,
// SXTL, FADD, FADDP, FMLA by element, MOVI #0), so those are emitted as WORD
// directives through the macros below. Each macro takes register numbers
// (0–31 for V0–V31) and ORs them into the instruction's base encoding from
// the Arm ARM (Rd bits 0–4, Rn bits 5–9, Rm bits 16–20). The bases were
// checked against GNU as; after an edit, `aarch64-linux-gnu-objdump -d` of
// the arm64 test binary (Debian's binutils-aarch64-linux-gnu) shows every
// WORD decoded.
//
// Register conventions: R0 = weights, R1 = activations, R2 = block count,
// R3–R15 scratch; V30 and V31 are reserved for DOTNEON's temporaries.

// SDOT Vd.4S, Vn.16B, Vm.16B (FEAT_DotProd):
//	for i := 0; i < 4; i++ { d[i] += Σ_{k<4} int32(int8(n[4i+k]))·int32(int8(m[4i+k])) }
#define SDOT(d, n, m) WORD $(0x4e809400 | ((m)<<16) | ((n)<<5) | (d))

// SMULL Vd.8H, Vn.8B, Vm.8B:  for i < 8: d[i] = int16(int8(n[i]))·int16(int8(m[i]))
#define SMULL8H(d, n, m) WORD $(0x0e20c000 | ((m)<<16) | ((n)<<5) | (d))

// SMULL2 Vd.8H, Vn.16B, Vm.16B:  for i < 8: d[i] = int16(int8(n[8+i]))·int16(int8(m[8+i]))
#define SMULL28H(d, n, m) WORD $(0x4e20c000 | ((m)<<16) | ((n)<<5) | (d))

// SADALP Vd.4S, Vn.8H:  for i < 4: d[i] += int32(n[2i]) + int32(n[2i+1])   (int16 n)
#define SADALP4S(d, n) WORD $(0x4e606800 | ((n)<<5) | (d))

// SADDLP Vd.4S, Vn.8H:  for i < 4: d[i] = int32(n[2i]) + int32(n[2i+1])     (int16 n)
#define SADDLP4S(d, n) WORD $(0x4e602800 | ((n)<<5) | (d))

// SCVTF Vd.4S, Vn.4S:  for i < 4: d[i] = float32(int32(n[i]))
#define SCVTF4S(d, n) WORD $(0x4e21d800 | ((n)<<5) | (d))

// SMULL Vd.4S, Vn.4H, Vm.4H:  for i < 4: d[i] = int32(int16(n[i]))·int32(int16(m[i]))
#define SMULL4S(d, n, m) WORD $(0x0e60c000 | ((m)<<16) | ((n)<<5) | (d))

// SMLAL Vd.4S, Vn.4H, Vm.4H:  for i < 4: d[i] += int32(int16(n[i]))·int32(int16(m[i]))
#define SMLAL4S(d, n, m) WORD $(0x0e608000 | ((m)<<16) | ((n)<<5) | (d))

// SMLAL2 Vd.4S, Vn.8H, Vm.8H:  for i < 4: d[i] += int32(int16(n[4+i]))·int32(int16(m[4+i]))
#define SMLAL24S(d, n, m) WORD $(0x4e608000 | ((m)<<16) | ((n)<<5) | (d))

// FCVTL Vd.4S, Vn.4H:  for i < 4: d[i] = float32(f16 n[i])
#define FCVTL4S(d, n) WORD $(0x0e217800 | ((n)<<5) | (d))

// FCVTL2 Vd.4S, Vn.8H:  for i < 4: d[i] = float32(f16 n[4+i])
#define FCVTL24S(d, n) WORD $(0x4e217800 | ((n)<<5) | (d))

// MUL Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] = n[i]·m[i]   (int32, wrapping)
#define MUL4S(d, n, m) WORD $(0x4ea09c00 | ((m)<<16) | ((n)<<5) | (d))

// MLA Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] += n[i]·m[i]  (int32, wrapping)
#define MLA4S(d, n, m) WORD $(0x4ea09400 | ((m)<<16) | ((n)<<5) | (d))

// SXTL Vd.8H, Vn.8B (SSHLL #0):  for i < 8: d[i] = int16(int8(n[i]))
#define SXTL8H(d, n) WORD $(0x0f08a400 | ((n)<<5) | (d))

// SXTL Vd.4S, Vn.4H (SSHLL #0):  for i < 4: d[i] = int32(int16(n[i]))
#define SXTL4S(d, n) WORD $(0x0f10a400 | ((n)<<5) | (d))

// SXTL2 Vd.4S, Vn.8H (SSHLL2 #0):  for i < 4: d[i] = int32(int16(n[4+i]))
#define SXTL24S(d, n) WORD $(0x4f10a400 | ((n)<<5) | (d))

// FADD Vd.4S, Vn.4S, Vm.4S:  for i < 4: d[i] = n[i] + m[i]
#define FADD4S(d, n, m) WORD $(0x4e20d400 | ((m)<<16) | ((n)<<5) | (d))

// FADDP Vd.4S, Vn.4S, Vm.4S:  d = [n0+n1, n2+n3, m0+m1, m2+m3]
#define FADDP4S(d, n, m) WORD $(0x6e20d400 | ((m)<<16) | ((n)<<5) | (d))

// FADDP Sd, Vn.2S:  d = n0 + n1   (scalar)
#define FADDP2S(d, n) WORD $(0x7e30d800 | ((n)<<5) | (d))

// FMLA Vd.4S, Vn.4S, Vm.S[0]:  for i < 4: d[i] = fma(n[i], m[0], d[i])
#define FMLAE4S(d, n, m) WORD $(0x4f801000 | ((m)<<16) | ((n)<<5) | (d))

// MOVI Vd.2D, #0:  d = 0 (all 128 bits)
#define VZERO(d) WORD $(0x6f00e400 | (d))

// The two integer dot steps the quantized kernels are written with: for
// i < 4, d[i] += Σ_{k<4} int8(n[4i+k])·int8(m[4i+k]) (DOTSDOT), or for
// i < 4, d[i] += Σ over the same four products paired differently
// (DOTNEON: lane i receives products 2i, 2i+1, 8+2i and 9+2i). Only the
// sum of the four lanes of d is used, which is the same for both. DOTNEON
// forms each product in an int16 lane, exact while |n·m| ≤ 2^15−1; the
// largest product here is Q8_0's (−128)·(−128) = 2^14.
#define DOTSDOT(d, n, m) SDOT(d, n, m)
#define DOTNEON(d, n, m) SMULL8H(30, n, m); SMULL28H(31, n, m); SADALP4S(d, 30); SADALP4S(d, 31)
