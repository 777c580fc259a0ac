"""Debian's Chromium for the end-to-end tests, and the check that no request left the machine."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

#: Debian's browser, never a downloaded one (``scripts/ensure-chromium.sh`` installs it).
CHROMIUM = Path("/usr/bin/chromium")
#: No sandbox (containers), and none of the background calls home a fresh profile would make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def off_machine(urls: list[str]) -> list[str]:
    """The URLs that went anywhere but the loopback server (inline data and blank pages are fine)."""
    return [
        u for u in urls if urlsplit(u).scheme not in ("data", "about") and urlsplit(u).hostname != "127.0.0.1"
    ]
