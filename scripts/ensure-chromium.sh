#!/usr/bin/env bash
# Playwright cannot download browsers on this network: use Debian's chromium.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium with apt-get (needed by the end-to-end tests)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  [ -x "$CHROMIUM" ] && exit 0
  echo "chromium was installed but $CHROMIUM is missing; set CHROMIUM_PATH." >&2
  exit 1
fi
cat >&2 <<MSG
Chromium not found at $CHROMIUM (needed by the end-to-end tests).
Install it, e.g. on Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
or point CHROMIUM_PATH at an existing Chromium/Chrome binary.
MSG
exit 1
