#!/usr/bin/env bash
# Install what coopgraph needs on Debian 12 (bookworm). Idempotent; does nothing when all is present.
#   scripts/install-deps.sh [--build-only]   libraries and tools to build coopgraph (default)
#   scripts/install-deps.sh --all            also the test tools (Virtuoso, Chromium, validators, sanitizers)
#                                            and the pinned Node.js modules of tests/node (npm ci)
# Exit: 0 ok, 2 usage, 3 packages missing and no way to install them (not root, no passwordless sudo),
#       other: a failed apt-get or npm.
set -euo pipefail

usage() {
	printf 'usage: %s [--build-only|--all]\n' "$0" >&2
	exit 2
}

mode=build
case ${1:-} in
'' | --build-only) mode=build ;;
--all) mode=all ;;
-h | --help) usage ;;
*) usage ;;
esac
[ $# -le 1 ] || usage

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# libcurl4-gnutls-dev, never libcurl4-openssl-dev: the openssl variant conflicts with it and installing it
# removes libraptor2-dev and librasqal3-dev.
build_packages=(build-essential cmake pkg-config libxml2-dev libraptor2-dev libgraphviz-dev libserd-dev
	libcurl4-gnutls-dev)
test_packages=(libxml2-utils serdi raptor2-utils rasqal-utils xsltproc graphviz virtuoso-opensource-7-bin
	chromium fonts-dejavu-core clang-14 libclang-rt-14-dev valgrind time curl iso-codes python3 strace gzip)

wanted=("${build_packages[@]}")
if [ "$mode" = all ]; then
	wanted+=("${test_packages[@]}")
	# Node.js 20 is usually preinstalled (e.g. from NodeSource); only fall back to Debian's when there is none.
	if ! command -v node >/dev/null 2>&1; then
		wanted+=(nodejs npm)
	fi
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	printf 'install-deps: dpkg-query not found; this script supports Debian 12 only\n' >&2
	exit 3
fi

missing=()
for pkg in "${wanted[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = 'install ok installed' ] || missing+=("$pkg")
done

if [ "${#missing[@]}" -ne 0 ]; then
	apt_install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}")
	if [ "$(id -u)" -eq 0 ]; then
		sudo=()
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo=(sudo -n)
	else
		printf 'install-deps: missing packages: %s\n' "${missing[*]}" >&2
		printf 'install-deps: not root and no passwordless sudo; run as root:\n' >&2
		printf '  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' \
			"${missing[*]}" >&2
		exit 3
	fi
	printf 'install-deps: apt-get update\n'
	"${sudo[@]}" apt-get update -qq
	printf 'install-deps: apt-get install %s\n' "${missing[*]}"
	"${sudo[@]}" "${apt_install[@]}" -qq >/dev/null
fi

# Identity-constraint CVEs (xmlschemas) are fixed in the bookworm security update 2.9.14+dfsg-1.3~deb12u2.
libxml2_version=$(dpkg-query -W -f='${Version}' libxml2 2>/dev/null || true)
if [ -z "$libxml2_version" ]; then
	printf 'install-deps: warning: cannot tell the libxml2 version (package libxml2 not installed?)\n' >&2
elif ! dpkg --compare-versions "$libxml2_version" ge '2.9.14+dfsg-1.3~deb12u2'; then
	printf 'install-deps: warning: libxml2 %s is older than 2.9.14+dfsg-1.3~deb12u2 (identity-constraint CVEs);' \
		"$libxml2_version" >&2
	printf ' run apt-get update && apt-get install --only-upgrade libxml2\n' >&2
fi

if [ "$mode" = all ]; then
	for tool in node npm; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			printf 'install-deps: %s not found after installing packages\n' "$tool" >&2
			exit 3
		fi
	done
	node_major=$(node -p 'process.versions.node.split(".")[0]')
	if [ "$node_major" -lt 18 ]; then
		printf 'install-deps: warning: Node.js %s is too old for tests/node (needs >= 18)\n' "$(node --version)" >&2
	fi
	node_dir="$root/tests/node"
	if [ ! -d "$node_dir/node_modules" ] || [ ! -f "$node_dir/node_modules/.package-lock.json" ] \
		|| [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
		printf 'install-deps: npm ci in tests/node\n'
		(cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
	fi
fi
