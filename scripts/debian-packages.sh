#!/bin/sh
# Installs the Debian packages the platform needs when they are missing.
#   run  — what serving the platform needs (CJK fonts and Pango for the PDF reports)
#   test — what the test suite needs on top (a browser, PDF text tools, an HTTP load generator)
set -eu

case "${1:-run}" in
  run)  wanted="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0" ;;
  test) wanted="fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 chromium zbar-tools poppler-utils wrk" ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

echo "Installing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "These Debian packages are missing:$missing — install them as root: apt-get install$missing" >&2
    exit 1
  fi
else
  SUDO=""
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
