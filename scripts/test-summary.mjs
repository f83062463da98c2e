// Prints one closing line for the whole suite, "Tests: N passed, N failed", from the runners' JSON reports,
// after a line per database: SQLite (unit, integration, end-to-end) and PostgreSQL (integration, end-to-end).
// (reports/ rather than test-results/: Playwright empties test-results/ when it starts.)
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);

function counts(vitestFile, playwrightFile) {
  const vitest = read(vitestFile);
  const playwright = read(playwrightFile);
  const c = { passed: 0, failed: 0, skipped: 0, vitest, playwright, parts: [] };
  if (vitest) {
    const skipped = vitest.numPendingTests + vitest.numTodoTests;
    c.passed += vitest.numPassedTests;
    c.failed += vitest.numFailedTests;
    c.skipped += skipped;
    c.parts.push(`vitest ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
  } else c.parts.push("vitest missing");
  if (playwright) {
    const passed = playwright.stats.expected + playwright.stats.flaky;
    c.passed += passed;
    c.failed += playwright.stats.unexpected;
    c.skipped += playwright.stats.skipped;
    c.parts.push(`playwright ${passed} passed, ${playwright.stats.unexpected} failed${playwright.stats.skipped ? `, ${playwright.stats.skipped} skipped` : ""}`);
  } else c.parts.push("playwright missing");
  return c;
}

const sqlite = counts("reports/vitest.json", "reports/playwright.json");
const ranPostgres = fs.existsSync("reports/vitest-pg.json") || fs.existsSync("reports/playwright-pg.json");
const postgres = ranPostgres ? counts("reports/vitest-pg.json", "reports/playwright-pg.json") : null;
// CI must test both databases; elsewhere PostgreSQL is tested when it is installed (scripts/ensure-postgres.sh).
const postgresRequired = process.env.CI === "true" || process.env.CI === "1";

console.log(`SQLite:     ${sqlite.parts.join(" · ")}`);
console.log(`PostgreSQL: ${postgres ? postgres.parts.join(" · ") : `not run (PostgreSQL is not installed)${postgresRequired ? ": required in CI" : ""}`}`);
const all = [sqlite, ...(postgres ? [postgres] : [])];
const passed = all.reduce((n, c) => n + c.passed, 0);
const failed = all.reduce((n, c) => n + c.failed, 0);
const skipped = all.reduce((n, c) => n + c.skipped, 0);
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
const incomplete = all.some((c) => !c.vitest || !c.playwright) || (!postgres && postgresRequired);
process.exitCode = failed > 0 || incomplete ? 1 : 0;
