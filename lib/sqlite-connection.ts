// How the app tunes its SQLite connection (better-sqlite3 under Prisma's driver adapter). Kept apart from lib/db.ts,
// which creates the one client, so that tests can apply it to a connection of their own.
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapterFactory } from "@prisma/client/runtime/client";
import { lruCache } from "@/lib/collections";

type SqlDriverAdapter = Awaited<ReturnType<SqlDriverAdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;

// WAL lets readers proceed during a write. On a file in WAL mode, tuneSqliteConnection then replaces the other two:
// it waits for another process's lock without blocking (busy_timeout = 0) and syncs commits after the lock
// (synchronous = NORMAL). Elsewhere (in memory, or a file system without WAL) these stay.
/** How long a statement waits in all for another connection's lock: busy_timeout, then waitForTheLock. */
export const LOCK_WAIT_MS = 5000;

export const PRAGMAS = `PRAGMA journal_mode = WAL; PRAGMA busy_timeout = ${LOCK_WAIT_MS}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`;

/** Statements kept per connection; Prisma's SQL varies only with the shape of a query (e.g. the length of an IN list). */
const MAX_STATEMENTS = 500;

interface Statement {
  reader: boolean;
  readonly: boolean;
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  columns(): unknown[];
  raw(on: boolean): Statement;
}

/** What this module uses of a better-sqlite3 Database. */
export interface SqliteDatabase {
  prepare(sql: string): Statement;
  pragma(source: string, options: { simple: true }): unknown;
  readonly inTransaction: boolean;
  readonly memory: boolean;
  readonly name: string;
}

/** The better-sqlite3 database under an adapter's connection, or undefined if the adapter stops exposing it. */
export function sqliteDatabaseOf(connection: SqlDriverAdapter): SqliteDatabase | undefined {
  const client = (connection as unknown as { client?: Partial<SqliteDatabase> }).client;
  return typeof client?.prepare === "function" && typeof client.pragma === "function" ? (client as SqliteDatabase) : undefined;
}

/** Told after every statement the connection runs (see reusePreparedStatements). */
type StatementObserver = (statement: Statement, sql: string) => void;

/**
 * The driver adapter prepares (compiles) every statement anew: 5% of an answer's CPU time went there. This keeps
 * one compiled statement per SQL text on the connection and gives the adapter what it uses of one (bind, then
 * reader, columns, raw().all() or run()). better-sqlite3 runs a statement to completion synchronously, so one
 * statement object is never in use twice at once.
 */
export function reusePreparedStatements(database: SqliteDatabase, observe: StatementObserver = () => {}) {
  const prepare = database.prepare.bind(database);
  const statements = lruCache<string, Statement>(MAX_STATEMENTS);
  // a statement's columns never change, and reading them costs as much as running a small query
  const columns = new WeakMap<Statement, unknown[]>();
  const facade = (statement: Statement, sql: string, params: unknown[]) => ({
    get reader() {
      return statement.reader;
    },
    bind: (args: unknown) => facade(statement, sql, [args]),
    run: () => {
      try {
        return statement.run(...params);
      } finally {
        observe(statement, sql);
      }
    },
    columns: () => {
      let known = columns.get(statement);
      if (!known) columns.set(statement, (known = statement.columns()));
      return known;
    },
    raw: () => ({
      all: () => {
        try {
          return statement.raw(true).all(...params);
        } finally {
          observe(statement, sql);
        }
      },
    }),
  });
  database.prepare = ((sql: string) => facade(statements.get(sql, () => prepare(sql)), sql, [])) as unknown as (sql: string) => Statement;
}

/** Makes what was written to a file so far durable (fdatasync). */
export type FileSync = () => Promise<void>;

/** fdatasync of one file through a handle opened on first use. */
export function fileSync(file: string): FileSync & { close(): Promise<void> } {
  let handle: Promise<FileHandle> | undefined;
  const sync = async () => {
    handle ??= open(file, "r");
    try {
      await (await handle).datasync();
    } catch (error) {
      handle = undefined; // open again next time (e.g. the file did not exist yet)
      throw error;
    }
  };
  sync.close = async () => {
    const closing = handle;
    handle = undefined;
    if (closing) await (await closing.catch(() => undefined))?.close();
  };
  return sync;
}

/**
 * Counts the connection's commits and syncs them in batches, off the event loop.
 *
 * A commit is counted when a statement leaves the connection outside a transaction after something was written:
 * an autocommitted write, or the COMMIT of a transaction that wrote. `syncTo(n)` resolves once commit n is durable.
 * One sync covers every commit before it started, so commits that arrive while a sync runs share the next one.
 */
export function commitLog(sync: FileSync) {
  let wrote = false;
  let committed = 0;
  let synced = 0;
  let syncing: Promise<void> | undefined;
  const ending: (() => void)[] = [];
  return {
    get committed() {
      return committed;
    },
    /** Resolves when the connection's open transaction ends (after its COMMIT or ROLLBACK). */
    transactionEnd(): Promise<void> {
      return new Promise((resolve) => ending.push(resolve));
    },
    observe(database: Pick<SqliteDatabase, "inTransaction">, statement: Statement, sql: string) {
      if (!statement.readonly) wrote = true;
      if (!database.inTransaction && ending.length > 0) for (const resolve of ending.splice(0)) resolve();
      if (database.inTransaction || !wrote) return;
      wrote = false;
      if (!/^\s*ROLLBACK\b/i.test(sql)) committed += 1;
    },
    async syncTo(commit: number): Promise<void> {
      while (synced < commit) {
        if (!syncing) {
          const upTo = committed;
          syncing = sync()
            .then(() => {
              synced = Math.max(synced, upTo);
            })
            .finally(() => {
              syncing = undefined;
            });
        }
        await syncing;
      }
    },
  };
}

/**
 * SQLITE_BUSY or one of its extended codes: another connection held a lock the statement needed (e.g.
 * SQLITE_BUSY_SNAPSHOT: it committed between this statement's read and its write). The adapter passes SQLITE_BUSY
 * as its own error with the code as `cause.originalCode`, the others as better-sqlite3's error with `code`.
 */
export function isBusy(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | undefined;
  const code = typeof e?.code === "string" ? e.code : e?.cause?.originalCode;
  return typeof code === "string" && /^SQLITE_BUSY(_|$)/.test(code);
}

const nextTurn = (tries: number) => new Promise<void>((resolve) => (tries === 0 ? setImmediate(resolve) : setTimeout(resolve, tries < 20 ? 1 : 5)));

/**
 * Runs `attempt` until it does not fail for a lock another connection holds (for LOCK_WAIT_MS at most), yielding
 * to the event loop in between: other requests of this process go on meanwhile, where SQLite's busy handler would
 * sleep with the process blocked. Only for a statement that did nothing when it failed so (see the callers).
 */
export async function waitForTheLock<R>(attempt: () => Promise<R>): Promise<R> {
  const start = performance.now();
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || performance.now() - start >= LOCK_WAIT_MS) throw error;
    }
    await nextTurn(tries);
  }
}

/**
 * Tunes the adapter's SQLite connection, after PRAGMAS ran on it: statements are prepared once
 * (reusePreparedStatements), commits are synced after the write lock is released instead of inside it, and a
 * statement that finds another process's lock taken waits for it without blocking this process.
 *
 * synchronous = FULL syncs the WAL inside every commit, while the commit holds SQLite's one write lock and blocks
 * the event loop (better-sqlite3 is synchronous): other answers, in this process and in the other workers, wait
 * for the disk. Here the connection commits with synchronous = NORMAL (the WAL is written, not synced, so the lock
 * is released at once) and each call that committed resolves only after an fdatasync of the WAL on libuv's thread
 * pool has made its commit durable. A request is acknowledged only after its call resolves, so an answer the
 * student saw graded still survives a power cut, as with FULL. Commits that land while a sync runs share the next
 * one. The difference from FULL: for the length of one sync, another request may read a commit that a power cut
 * would still undo. A crash of the process loses nothing either way (the WAL is in the operating system's cache).
 *
 * The lock: SQLite's busy handler (busy_timeout) sleeps 1, 2, 5 … ms inside the statement, and the whole process
 * with it, while the other process's commit takes well under a millisecond. With busy_timeout = 0 the statement
 * fails at once and waitForTheLock runs it again after other requests had their turn.
 *
 * A connection that is not a file database in WAL mode keeps PRAGMAS as they are. `sync` replaces the WAL's
 * fdatasync in tests.
 */
export function tuneSqliteConnection(connection: SqlDriverAdapter, sync?: FileSync & { close?(): Promise<void> }): { syncsAfterTheLock: boolean } {
  const database = sqliteDatabaseOf(connection);
  if (!database) return { syncsAfterTheLock: false }; // the adapter changed: statements are prepared as before, FULL stays
  if (database.memory || database.pragma("journal_mode", { simple: true }) !== "wal") {
    reusePreparedStatements(database);
    return { syncsAfterTheLock: false };
  }
  const walSync = sync ?? fileSync(`${path.resolve(database.name)}-wal`);
  const log = commitLog(walSync);
  reusePreparedStatements(database, (statement, sql) => log.observe(database, statement, sql));
  database.pragma("synchronous = NORMAL", { simple: true });

  // A call runs its statement synchronously before its first await, so the commits counted during the call are its own.
  const durableAfter =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const before = log.committed;
      const pending = call(...args);
      // start the sync at once; if the call fails, its error is the one to report
      const durable = log.committed > before ? log.syncTo(log.committed) : undefined;
      durable?.catch(() => {});
      const result = await pending;
      await durable;
      return result;
    };
  // A statement outside a transaction runs when none is open on the connection: the adapter would run it inside
  // the open one (it has one connection), where it would commit or roll back with someone else's work. There it
  // did nothing if it found the lock taken, and can simply run again.
  const outsideTransactions = async () => {
    while (database.inTransaction) await log.transactionEnd();
  };
  const topLevel =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      waitForTheLock(async () => {
        if (database.inTransaction) await outsideTransactions();
        return call(...args);
      });
  connection.queryRaw = topLevel(durableAfter(connection.queryRaw.bind(connection)));
  connection.executeRaw = topLevel(durableAfter(connection.executeRaw.bind(connection)));
  const startTransaction = connection.startTransaction.bind(connection);
  connection.startTransaction = async (...args: Parameters<SqlDriverAdapter["startTransaction"]>): Promise<Transaction> => {
    const transaction = await startTransaction(...args);
    // transactions take turns on the connection and statements outside them wait, so commits counted from here
    // to commit() are this transaction's own
    const before = log.committed;
    // The first statement of a transaction (BEGIN is deferred) is where it takes its locks; if that fails the
    // transaction holds nothing yet and the statement can run again, as SQLite's own busy handler would run it.
    // Later statements are not retried: a transaction that has read cannot wait for the write lock (SQLite
    // answers SQLITE_BUSY to it at once, busy_timeout or not).
    let first = true;
    const firstRetries =
      <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        if (!first) return call(...args);
        first = false;
        return waitForTheLock(() => call(...args));
      };
    transaction.queryRaw = firstRetries(transaction.queryRaw.bind(transaction));
    transaction.executeRaw = firstRetries(transaction.executeRaw.bind(transaction));
    const commit = transaction.commit.bind(transaction);
    // Prisma sends COMMIT as a statement, then calls commit(), which lets this process's next transaction begin:
    // the sync waits until after that, so the next transaction does not wait for the disk.
    transaction.commit = async () => {
      const mine = log.committed;
      await commit();
      if (mine > before) await log.syncTo(mine); // a transaction that wrote nothing waits for no one's sync
    };
    return transaction;
  };
  // busy_timeout makes a statement that finds the write lock taken sleep, blocking this process's event loop
  // until the other process's commit is done; waitForTheLock waits without blocking instead
  database.pragma("busy_timeout = 0", { simple: true });
  const dispose = connection.dispose.bind(connection);
  connection.dispose = async () => {
    await dispose();
    await walSync.close?.();
  };
  return { syncsAfterTheLock: true };
}

/**
 * Prisma's better-sqlite3 adapter for `url`, each connection given PRAGMAS and tuned as above when it opens
 * (lazily: nothing opens the file before the first query). `sync` replaces the WAL's fdatasync in tests.
 */
export function sqliteAdapter(url: string, sync?: FileSync & { close?(): Promise<void> }): SqlDriverAdapterFactory {
  const factory = new PrismaBetterSQLite3({ url, timeout: LOCK_WAIT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(PRAGMAS);
      tuneSqliteConnection(connection, sync);
      return connection;
    },
  };
}
