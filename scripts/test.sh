#!/usr/bin/env bash
# The test command (npm test). Runs every test/**/*.test.ts with Node's own test runner (through tsx),
# the store and service suites on SQLite and on PostgreSQL (see test/helpers/db.ts for how PG is found).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/e2e/*' | sort); fi
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-reporter=spec "${files[@]}"
# The whole suite also walks the staff workbench in Chromium (test/e2e, Playwright) on its own temporary database.
# Skipped when only some files were asked for; FENGQIAO_E2E=off skips it (never in CI).
if [ "$#" -eq 0 ] && [ "${FENGQIAO_E2E:-}" != "off" ]; then
  if [ ! -x /usr/bin/chromium ]; then echo "[test] /usr/bin/chromium is missing: apt-get install chromium fonts-noto-cjk" >&2; exit 1; fi
  npx vite build --config web/vite.config.ts --logLevel warn
  npx vite build --config portal/vite.config.ts --logLevel warn
  npx playwright test
fi
