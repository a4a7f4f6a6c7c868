#!/usr/bin/env bash
# Installs a prebuilt llama.cpp (shared libraries only) for Lares' comparison
# tests and benchmarks, and prints the directory that holds libllama.
#
# The libraries come from the npm package @node-llama-cpp/linux-x64, which
# ships llama.cpp built for linux x64 with every CPU variant of the ggml CPU
# backend (libggml-cpu-<arch>.so; ggml picks the best one at run time). The
# package's scripts are not run (--ignore-scripts), so nothing else is
# downloaded.
#
#   bash scripts/install-llamacpp.sh           # installs into $HOME/.cache/lares/llamacpp
#   LARES_LLAMACPP_DIR=/some/dir bash scripts/install-llamacpp.sh
#
# Idempotent: when the libraries are already there it only prints the path.
# Diagnostics go to stderr; stdout is just the library directory.
set -euo pipefail

PKG="@node-llama-cpp/linux-x64"
VERSION="3.22.1"

DIR="${LARES_LLAMACPP_DIR:-${HOME}/.cache/lares/llamacpp}"
LIBDIR="${DIR}/node_modules/${PKG}/bins/linux-x64"

have_libs() {
	[ -f "${LIBDIR}/libggml-base.so" ] &&
		compgen -G "${LIBDIR}/libllama*.so*" >/dev/null &&
		compgen -G "${LIBDIR}/libggml-cpu-*.so" >/dev/null &&
		grep -q "\"version\": \"${VERSION}\"" "${DIR}/node_modules/${PKG}/package.json" 2>/dev/null
}

if ! have_libs; then
	case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*)
		echo "install-llamacpp: only linux x86_64 is supported (this is $(uname -s)-$(uname -m))" >&2
		exit 1
		;;
	esac
	if ! command -v npm >/dev/null 2>&1; then
		echo "install-llamacpp: npm not found (apt-get install -y npm)" >&2
		exit 1
	fi
	mkdir -p "${DIR}"
	echo "install-llamacpp: installing ${PKG}@${VERSION} into ${DIR}" >&2
	npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
		--prefix "${DIR}" "${PKG}@${VERSION}" >&2
	if ! have_libs; then
		echo "install-llamacpp: ${PKG}@${VERSION} installed, but no llama.cpp libraries in ${LIBDIR}" >&2
		exit 1
	fi
fi

echo "${LIBDIR}"
