import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseProvider, databaseUrl } from "./lib/config";
import { postgresMigrationAdapter } from "./prisma/postgresql/migration-adapter";

// The schema's datasource reads DATABASE_URL; without it Prisma tries to download a native engine it doesn't need.
const url = databaseUrl();
// DATABASE_URL picks the database: file: → SQLite (prisma/), postgresql:// → PostgreSQL (prisma/postgresql/, derived from the SQLite schema).
const provider = databaseProvider(url);
const dir = provider === "postgresql" ? path.join("prisma", "postgresql") : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations"), seed: "tsx --conditions=react-server prisma/seed.ts" },
  async adapter() {
    return provider === "postgresql" ? postgresMigrationAdapter(url) : new PrismaBetterSQLite3({ url });
  },
});
