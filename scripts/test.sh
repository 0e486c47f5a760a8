#!/usr/bin/env bash
# The test command (npm test). Runs every test/**/*.test.ts with Node's own test runner (through tsx),
# the store and service suites on SQLite and on PostgreSQL (see test/helpers/db.ts for how PG is found).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
if [ "$#" -gt 0 ]; then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' -not -path 'test/e2e/*' | sort); fi
exec node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-reporter=spec "${files[@]}"
