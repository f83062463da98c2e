// The PostgreSQL migrations build exactly the PostgreSQL schema (Prisma replays them on a shadow database and
// compares), so a model change without its PostgreSQL migration fails here. The SQLite migrations are written
// from the SQLite schema by the same command (prisma migrate diff), and the unit tests pair the two histories.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresAdminUrl, testDatabase } from "../../scripts/test-database.cjs";

const root = path.resolve(__dirname, "../..");

describe.skipIf(testDatabase() !== "postgres")("PostgreSQL migrations", () => {
  it("leave no difference from prisma/postgresql/schema.prisma", () => {
    const diff = spawnSync(
      path.join(root, "node_modules", ".bin", "prisma"),
      ["migrate", "diff", "--from-migrations", "prisma/postgresql/migrations", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script", "--exit-code"],
      // any database on the server will do: Prisma creates and drops its own shadow database there
      { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: postgresAdminUrl() } },
    );
    // --exit-code: 0 no difference, 2 a difference (printed as SQL), 1 an error
    expect(diff.stderr.includes("Error") ? diff.stderr : diff.stdout.trim()).toBe("-- This is an empty migration.");
    expect(diff.status).toBe(0);
  }, 60_000);
});
