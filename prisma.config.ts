import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl } from "./lib/config";

// The schema's datasource reads DATABASE_URL; without it Prisma tries to download a native engine it doesn't need.
databaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations"), seed: "tsx --conditions=react-server prisma/seed.ts" },
  async adapter() {
    return new PrismaBetterSQLite3({ url: databaseUrl() });
  },
});
