#!/usr/bin/env bash
# `npm test`: typecheck, unit/integration tests, production build, end-to-end tests on SQLite; then the
# integration and end-to-end tests again on PostgreSQL (a throwaway local server when TEST_POSTGRES_URL is unset;
# skipped outside CI when PostgreSQL is not installed).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
unset TEST_DATABASE # the first run is SQLite whatever the caller's shell says

section() { printf '\n==== %s ====\n' "$1"; }

section "Chromium for end-to-end tests"
bash scripts/ensure-chromium.sh
echo "ok: ${CHROMIUM_PATH:-/usr/bin/chromium}"

section "Typecheck (tsc --noEmit)"
npx tsc --noEmit

section "Unit and integration tests on SQLite (vitest)"
rm -rf reports && mkdir -p reports
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json

section "Production build (next build)"
npx next build

section "End-to-end tests on SQLite (playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json

section "PostgreSQL"
postgres=yes
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "using TEST_POSTGRES_URL"
elif [ "${CI:-}" = "true" ] || bash scripts/ensure-postgres.sh check; then
  # installs PostgreSQL when missing (CI), starts a throwaway server on loopback and exports TEST_POSTGRES_URL
  pg_env="$(bash scripts/ensure-postgres.sh start)" # fails the run when the server cannot start
  eval "$pg_env"
  if [ "${CHAINRULE_PG_STARTED:-}" = "1" ]; then trap 'bash scripts/ensure-postgres.sh stop' EXIT; fi
  echo "ok: $TEST_POSTGRES_URL"
else
  postgres=no
  echo "PostgreSQL is not installed: skipping the PostgreSQL run (install it, e.g. apt-get install postgresql, or set TEST_POSTGRES_URL)."
fi

if [ "$postgres" = "yes" ]; then
  export TEST_DATABASE=postgres
  section "Integration tests on PostgreSQL (vitest)"
  npx vitest run tests/integration --reporter=default --reporter=json --outputFile.json=reports/vitest-pg.json

  section "End-to-end tests on PostgreSQL (playwright)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright-pg.json npx playwright test --reporter=list,json
  unset TEST_DATABASE
fi

section "Summary"
node scripts/test-summary.mjs
