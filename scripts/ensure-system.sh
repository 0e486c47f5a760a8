#!/usr/bin/env bash
# Makes sure what the tests need from the system is here: a PostgreSQL server to test against.
# Installs it from Debian's packages when missing (as root), starts it when stopped; says exactly what is
# missing when it cannot. Set FENGQIAO_TEST_PG=off to run the SQLite half only (never in CI).
set -uo pipefail
[ "${FENGQIAO_TEST_PG:-}" = "off" ] && exit 0
url="${FENGQIAO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { command -v pg_isready >/dev/null && pg_isready -q -d "$url"; }
if pg_up; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[ensure-system] installing PostgreSQL from Debian's packages" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || true
  fi
fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
  if [ -n "$ver" ]; then
    # trust auth on loopback for the test user, as on the CI machine
    hba="/etc/postgresql/$ver/main/pg_hba.conf"
    if [ -f "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || true
    for _ in $(seq 1 30); do pg_up && exit 0; sleep 1; done
  fi
fi
echo "[ensure-system] PostgreSQL is not reachable at $url. Install it (apt-get install postgresql) and start it," >&2
echo "[ensure-system] or set FENGQIAO_TEST_PG_URL to a server where the user may create databases." >&2
exit 1
