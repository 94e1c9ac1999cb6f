#!/usr/bin/env bash
# Install the headless browser of the dashboard test (tests_python/test_dashboard.py): Debian's
# chromium. Playwright's own browser downloads are not used (they need network access to a CDN).
# A no-op when a chromium is already installed or when not root (the test then skips, saying why).
set -euo pipefail

for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        echo "install_browser: $(command -v "$candidate") is installed"
        exit 0
    fi
done

if [ "$(id -u)" -ne 0 ]; then
    echo "install_browser: no chromium and not root: skipping (install it with 'apt-get install chromium')"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get on this system: skipping"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install_browser: installed $(command -v chromium)"
