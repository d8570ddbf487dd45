#!/usr/bin/env bash
# Installs what Postback Tester needs and is missing, and puts it on PATH. Idempotent: a
# second run installs nothing. Sourced by scripts/serve and scripts/test; can also be run:
#
#   scripts/setup.sh serve   # toolchain for building and serving the app
#   scripts/setup.sh test    # the same, plus headless Chromium for the browser tests
#
# Everything comes from crates.io, npm or Debian's packages; nothing is downloaded from GitHub.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then set -euo pipefail; fi

TRUNK_VERSION=0.21.14        # trunk 0.22 needs a newer rustc than our stable 1.95
BINARYEN_VERSION=132         # must match tools/binaryen/package.json and Trunk.toml
AXE_VERSION=4.10.3           # must match tools/axe/package.json

_setup_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_setup_mode=${1:-test}
_setup_t0=$SECONDS

say() { printf '\n=== [%3ss] %s\n' "$((SECONDS - _setup_t0))" "$*"; }
die() { printf '\nsetup: %s\n' "$*" >&2; exit 1; }

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v cargo >/dev/null && command -v rustup >/dev/null \
  || die "cargo and rustup are needed: install Rust with rustup (https://rustup.rs), then run this again."

# Debian packages: Node.js for binaryen's wasm-opt, OpenSSL headers for the WebDriver client
# the browser tests use, and Chromium with its driver for the browser tests. Commands are looked
# up on PATH first, so a Node.js installed another way (with its own npm) is used as it is.
_setup_missing=()
_setup_need_cmd() { command -v "$1" >/dev/null || _setup_missing+=("$2"); }
_setup_need_deb() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || _setup_missing+=("$1")
}
_setup_need_cmd node nodejs
_setup_need_cmd npm npm
if [ "$_setup_mode" = test ]; then
  _setup_need_deb pkg-config
  _setup_need_deb libssl-dev
  _setup_need_cmd chromium chromium
  _setup_need_cmd chromedriver chromium-driver
fi
if [ ${#_setup_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "apt-get install ${_setup_missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${_setup_missing[@]}" >/dev/null
  else
    die "missing Debian packages: ${_setup_missing[*]}
  install them with: sudo apt-get install -y ${_setup_missing[*]}
  then run this again."
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo install trunk $TRUNK_VERSION (about 6 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# Trunk runs cargo --offline, so every crate must be in the local registry first.
(cd "$_setup_root" && cargo fetch --locked -q) || die "cargo fetch failed: check the network to crates.io"

_setup_wb=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
  "$_setup_root/Cargo.lock")
[ -n "$_setup_wb" ] || die "no wasm-bindgen version in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $_setup_wb" ]; then
  say "cargo install wasm-bindgen-cli $_setup_wb (the version Cargo.lock resolves)"
  # --locked can fail when the tool's own lockfile names a crate version the registry no longer
  # serves; the unlocked install then resolves current compatible versions.
  cargo install --locked wasm-bindgen-cli --version "$_setup_wb" \
    || cargo install --force wasm-bindgen-cli --version "$_setup_wb"
fi

_setup_bin="$_setup_root/tools/binaryen/node_modules/.bin"
if ! "$_setup_bin/wasm-opt" --version 2>/dev/null | grep -q "version_$BINARYEN_VERSION"; then
  say "npm ci binaryen $BINARYEN_VERSION (wasm-opt)"
  (cd "$_setup_root/tools/binaryen" && npm ci --no-audit --no-fund --silent)
fi
export PATH="$_setup_bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The release build's split step (crates/build-tools) reads the relocations of cargo's output
# to move the cards a first visit does not need into files of their own. Only the wasm target
# gets the flag, so native builds keep their cache.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Clink-args=--emit-relocs"

# axe-core, for the accessibility browser test; read from tools/axe by the test itself.
if [ "$_setup_mode" = test ] && { [ ! -f "$_setup_root/tools/axe/node_modules/axe-core/axe.min.js" ] \
  || ! grep -q "\"version\": \"$AXE_VERSION\"" "$_setup_root/tools/axe/node_modules/axe-core/package.json"; }; then
  say "npm ci axe-core $AXE_VERSION (accessibility test)"
  (cd "$_setup_root/tools/axe" && npm ci --no-audit --no-fund --silent)
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)"
