#!/bin/sh
# Install the given Debian packages, but only those that are missing.
# No-op on systems without dpkg (macOS, Windows, other distributions): install Qt's
# prerequisites with that system's tools instead.
set -eu
command -v dpkg-query >/dev/null 2>&1 || { echo "debian_deps: not a Debian system; skipping"; exit 0; }
missing=""
for pkg in "$@"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  case "$status" in
    *"install ok installed"*) ;;
    *) missing="$missing $pkg" ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "debian_deps: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "debian_deps: missing packages:$missing — run as root or install them first" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
