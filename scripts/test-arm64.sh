#!/usr/bin/env bash
# Runs the kernels and quant tests (and the runtime's logits check) for linux/arm64 on an amd64 machine under
# qemu-user: cross-compiles each package's test binary and runs it twice,
# with `-cpu max` (NEON + FEAT_DotProd: the SDOT kernels) and with
# `-cpu cortex-a57` (ARMv8.0 NEON without dotprod: the SMULL/SADALP path).
# Installs Debian's qemu-user-static when it is missing (needs root).
# Timings under emulation mean nothing; this checks correctness only.
#
# Usage: scripts/test-arm64.sh [extra test flags, e.g. -test.run NEON -test.v]
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
if [ -z "$qemu" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "test-arm64: qemu-aarch64-static is missing; install qemu-user-static (as root)" >&2
		exit 1
	fi
	echo "test-arm64: installing qemu-user-static"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq qemu-user-static >/dev/null
	qemu=$(command -v qemu-aarch64-static)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The kernels and quant packages in full (with the caller's flags), and
# the end-to-end check that the runtime's logits at the arm64 kernel level
# still match llama.cpp's.
read -r -a pkgs <<< "${LARES_ARM64_PKGS:-kernels quant runtime}"
for p in "${pkgs[@]}"; do
	echo "test-arm64: building ./$p/ for linux/arm64"
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go test -c -o "$tmp/$p.test" "./$p/"
done

passed=0
failed=0
for cpu in max cortex-a57; do
	for p in "${pkgs[@]}"; do
		args=("$@")
		if [ "$p" = runtime ]; then
			args=(-test.run TestLogitsMatchLlamaCpp)
		fi
		echo "test-arm64: ./$p/ on qemu -cpu $cpu ${args[*]}"
		# go test runs a package's tests in its directory; so do we.
		if (cd "$root/$p" && "$qemu" -cpu "$cpu" "$tmp/$p.test" -test.timeout 20m "${args[@]}"); then
			echo "ok   ./$p/ (arm64, -cpu $cpu)"
			passed=$((passed + 1))
		else
			echo "FAIL ./$p/ (arm64, -cpu $cpu)"
			failed=$((failed + 1))
		fi
	done
done

echo "test-arm64: $passed passed, $failed failed"
[ "$failed" = 0 ]
