#!/usr/bin/env bash
# PostgreSQL (Debian's package) for the tests of the PostgreSQL store and the
# service: the server is started per test run by scripts/lib/postgres.sh.
set -euo pipefail
source "$(dirname "$0")/../lib/postgres.sh"
if [ -z "$(pg_bin)" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
echo "postgres: $("$(pg_bin)/postgres" --version)"
