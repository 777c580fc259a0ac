#!/usr/bin/env bash
# Make sure a Debian Chromium is at /usr/bin/chromium for the e2e tests.
# The e2e tests drive the system browser (never a downloaded one), so `make test`
# calls this first; it does nothing when the browser is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-chromium: /usr/bin/chromium is missing and this needs root (or sudo) to install it" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian package 'chromium' with apt-get" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

if [ ! -x /usr/bin/chromium ]; then
    echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
    exit 1
fi
echo "ensure-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')" >&2
