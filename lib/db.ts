// The one Prisma client for the app, reused across dev hot reloads. DATABASE_URL picks the database:
// file: → SQLite through better-sqlite3 (the default), postgresql:// → PostgreSQL through pg.
import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseProvider, databaseUrl } from "@/lib/config";
import { lruCache } from "@/lib/collections";

// WAL lets readers proceed during a write; busy_timeout waits for a lock instead of failing at once (the submit
// path's writes are one short transaction whose first statement writes, so waiting always ends in the lock).
// synchronous = FULL syncs the WAL at every commit: an answer the student saw graded survives a power cut, not only a
// crash of the process. It costs ~0.3–0.5 ms a commit here (≈3,000 commits/s against ≈31,000 with NORMAL), next to
// ~10 ms of work per answer.
const PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

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

/** Statements kept per connection; Prisma's SQL varies only with the shape of a query (e.g. the length of an IN list). */
const MAX_STATEMENTS = 500;

interface Statement {
  reader: boolean;
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  columns(): unknown[];
  raw(on: boolean): Statement;
}

/**
 * The driver adapter prepares (compiles) every statement anew: 5% of an answer's CPU time went there. This keeps
 * one compiled statement per SQL text on the connection and gives the adapter what it uses of one (bind, then
 * reader, columns, raw().all() or run()). better-sqlite3 runs a statement to completion synchronously, so one
 * statement object is never in use twice at once. If the adapter's connection ever stops exposing its client,
 * this does nothing and statements are prepared as before.
 */
function reusePreparedStatements(client: unknown) {
  const database = client as { prepare?: (sql: string) => Statement } | undefined;
  if (typeof database?.prepare !== "function") return;
  const prepare = database.prepare.bind(database);
  const statements = lruCache<string, Statement>(MAX_STATEMENTS);
  // a statement's columns never change, and reading them costs as much as running a small query
  const columns = new WeakMap<Statement, unknown[]>();
  const facade = (statement: Statement, params: unknown[]) => ({
    get reader() {
      return statement.reader;
    },
    bind: (args: unknown) => facade(statement, [args]),
    run: () => statement.run(...params),
    columns: () => {
      let known = columns.get(statement);
      if (!known) columns.set(statement, (known = statement.columns()));
      return known;
    },
    raw: () => ({ all: () => statement.raw(true).all(...params) }),
  });
  database.prepare = ((sql: string) => facade(statements.get(sql, () => prepare(sql)), [])) as unknown as (sql: string) => Statement;
}

function createSqliteClient(url: string): PrismaClient {
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  // Wrap connect() so the pragmas run once on the connection, lazily (nothing opens the file at import time).
  const adapter: SqlDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(PRAGMAS);
      reusePreparedStatements((connection as unknown as { client?: unknown }).client);
      return connection;
    },
  };
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
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
