// The one Prisma client for the app (SQLite through better-sqlite3), reused across dev hot reloads.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/config";

// WAL lets readers proceed during a write; busy_timeout waits for a lock instead of failing at once.
const PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

function createClient() {
  const factory = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 5000 });
  // Wrap connect() so the pragmas run once on the connection, lazily (nothing opens the file at import time).
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(PRAGMAS);
      return connection;
    },
  };
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { chainruleDb?: ReturnType<typeof createClient> };

export const db = globalForDb.chainruleDb ?? createClient();

if (process.env.NODE_ENV !== "production") globalForDb.chainruleDb = db;
