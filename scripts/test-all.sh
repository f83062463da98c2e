#!/usr/bin/env bash
# `npm test`: typecheck, unit/integration tests, production build, end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

section() { printf '\n==== %s ====\n' "$1"; }

section "Chromium for end-to-end tests"
bash scripts/ensure-chromium.sh
echo "ok: ${CHROMIUM_PATH:-/usr/bin/chromium}"

section "Typecheck (tsc --noEmit)"
npx tsc --noEmit

section "Unit and integration tests (vitest)"
rm -rf reports && mkdir -p reports
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json

section "Production build (next build)"
npx next build

section "End-to-end tests (playwright)"
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json

section "Summary"
node scripts/test-summary.mjs
