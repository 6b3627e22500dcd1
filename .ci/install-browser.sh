#!/usr/bin/env bash
# Install Debian's chromium for the HTML report's browser tests, unless it is already there.
# (Playwright's own browser download cannot work here: only package registries are reachable.)
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
