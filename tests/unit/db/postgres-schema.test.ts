// The PostgreSQL schema and migrations are kept in step with the SQLite ones, so a model change cannot reach one database only.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, postgresSchemaFrom } from "@/scripts/postgres-schema";

const root = path.resolve(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const migrations = (dir: string) => readdirSync(path.join(root, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const modelsOf = (schema: string) => [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map((m) => [m[1], m[2].trim()]);

describe("the PostgreSQL schema", () => {
  it("is the one derived from prisma/schema.prisma (run npm run db:postgres-schema after editing it)", () => {
    expect(read(POSTGRES_SCHEMA)).toBe(postgresSchemaFrom(read(SQLITE_SCHEMA)));
  });

  it("has the same models, field for field, with provider postgresql and a client of its own", () => {
    const sqlite = read(SQLITE_SCHEMA);
    const postgres = read(POSTGRES_SCHEMA);
    expect(modelsOf(postgres)).toEqual(modelsOf(sqlite));
    expect(modelsOf(postgres).length).toBeGreaterThanOrEqual(9);
    expect(postgres).toMatch(/provider\s*=\s*"postgresql"/);
    expect(postgres).not.toMatch(/"sqlite"/);
    expect(postgres).toMatch(/output\s*=\s*"\.\.\/\.\.\/lib\/generated\/prisma-pg"/);
  });

  it("refuses a SQLite schema whose datasource or generator it does not recognise", () => {
    const sqlite = read(SQLITE_SCHEMA);
    expect(() => postgresSchemaFrom(sqlite.replace('"sqlite"', '"mysql"'))).toThrow(/provider = "sqlite"/);
    expect(() => postgresSchemaFrom(sqlite.replace('"../lib/generated/prisma"', '"../generated"'))).toThrow(/output/);
  });
});

describe("the migrations", () => {
  it("exist for both databases under the same names (run npm run db:postgres-migration after prisma migrate dev)", () => {
    const sqlite = migrations("prisma/migrations");
    expect(sqlite.length).toBeGreaterThan(0);
    expect(migrations("prisma/postgresql/migrations")).toEqual(sqlite);
  });

  it("are locked to their providers", () => {
    expect(read("prisma/migrations/migration_lock.toml")).toMatch(/provider = "sqlite"/);
    expect(read("prisma/postgresql/migrations/migration_lock.toml")).toMatch(/provider = "postgresql"/);
  });
});
