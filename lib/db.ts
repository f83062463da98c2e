// The one Prisma client for the app, reused across dev hot reloads. DATABASE_URL picks the database:
// file: → SQLite through better-sqlite3 (the default), postgresql:// → PostgreSQL through pg.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseProvider, databaseUrl } from "@/lib/config";
import { sqliteAdapter } from "@/lib/sqlite-connection";

/** Connections per app instance; the PostgreSQL server's max_connections (100 by default) bounds the sum over instances. */
const DEFAULT_POOL_SIZE = 10;

function poolSize(): number {
  const raw = process.env.DATABASE_POOL_SIZE?.trim();
  if (!raw) return DEFAULT_POOL_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DATABASE_POOL_SIZE must be a whole number of connections (1 or more), not "${raw}".`);
  return n;
}

// A submission is one short batch transaction, but in a spike it may queue behind many others for the connection
// (SQLite: the one per process; PostgreSQL: the pool). Prisma's default 2 s wait to start one then answered 500
// (P2028) to users under 200 concurrent writers; waiting longer is what a spike needs.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 15_000 };

function createSqliteClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: sqliteAdapter(url), transactionOptions: TRANSACTION_OPTIONS });
}

function createPostgresClient(url: string): PrismaClient {
  // pg connects lazily too: the pool opens its first connection on the first query.
  const adapter = new PrismaPg({ connectionString: url, max: poolSize(), connectionTimeoutMillis: 10_000 });
  // Both clients are generated from the same models (prisma/postgresql/schema.prisma is derived from
  // prisma/schema.prisma, and a unit test keeps them equal), so their model APIs match; the types differ only in
  // PostgreSQL-only extras (e.g. case-insensitive filters) that the data layer must not use, so it sees one type.
  return new PostgresPrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as PrismaClient;
}

function createClient(): PrismaClient {
  const url = databaseUrl();
  return databaseProvider(url) === "postgresql" ? createPostgresClient(url) : createSqliteClient(url);
}

const globalForDb = globalThis as unknown as { chainruleDb?: PrismaClient };

export const db = globalForDb.chainruleDb ?? createClient();

if (process.env.NODE_ENV !== "production") globalForDb.chainruleDb = db;
