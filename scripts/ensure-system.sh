#!/usr/bin/env bash
# Makes sure what the tests need from the system is here: Debian's Chromium with CJK fonts for the browser
# tests, and a PostgreSQL server to test against. Installs them from Debian's packages when missing (as root),
# starts PostgreSQL when stopped; says exactly what is missing when it cannot.
# Set FENGQIAO_TEST_PG=off to run the SQLite half only (never in CI).
set -uo pipefail

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then return 1; fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

# Browser tests drive Debian's Chromium (never a downloaded browser) and need CJK fonts to render Chinese.
if [ "${FENGQIAO_TEST_BROWSER:-}" != "off" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[ensure-system] installing ${missing[*]} from Debian's packages" >&2
    if ! apt_install "${missing[@]}"; then
      echo "[ensure-system] missing: ${missing[*]} (apt-get install ${missing[*]}, as root); browser tests need them" >&2
      exit 1
    fi
  fi
fi
[ "${FENGQIAO_TEST_PG:-}" = "off" ] && exit 0
url="${FENGQIAO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_up() { command -v pg_isready >/dev/null && pg_isready -q -d "$url"; }
if pg_up; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "[ensure-system] installing PostgreSQL from Debian's packages" >&2
  apt_install postgresql || true
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
