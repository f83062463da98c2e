// The SQLite connection syncs its commits after the write lock is released, and a write is acknowledged only once
// its commit is durable. A fake sync (a promise the test settles) shows the order of events.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PRAGMAS, commitLog, fileSync, isBusy, sqliteAdapter, sqliteDatabaseOf, tuneSqliteConnection } from "@/lib/sqlite-connection";

const dir = mkdtempSync(path.join(tmpdir(), "chainrule-sqlite-connection-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A sync the test settles by hand; `calls` counts how many were started. */
function manualSync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const sync = () => new Promise<void>((resolve, reject) => void pending.push({ resolve, reject }));
  return {
    sync,
    get calls() {
      return pending.length;
    },
    settle(index = pending.length - 1) {
      pending[index]!.resolve();
    },
    fail(index: number, error: Error) {
      pending[index]!.reject(error);
    },
  };
}

/** Whether a promise has settled, after letting every pending callback run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const opened: { dispose(): Promise<void> }[] = [];
afterEach(async () => {
  for (const connection of opened.splice(0)) await connection.dispose();
});

async function connect(sync: ReturnType<typeof manualSync>["sync"], url = `file:${path.join(dir, `t${files++}.db`)}`) {
  const connection = await new PrismaBetterSQLite3({ url }).connect();
  opened.push(connection);
  await connection.executeScript(PRAGMAS);
  await connection.executeScript("CREATE TABLE t (a INTEGER)");
  const tuned = tuneSqliteConnection(connection, sync);
  return { connection, tuned, file: url.slice("file:".length) };
}

const insert = (a: number) => ({ sql: "INSERT INTO t (a) VALUES (?)", args: [a], argTypes: [{ scalarType: "int", arity: "scalar" }] }) as never;
const select = { sql: "SELECT count(*) AS n FROM t", args: [], argTypes: [] } as never;
const statement = (sql: string) => ({ sql, args: [], argTypes: [] }) as never;

/** Rows another connection sees: what is committed, durable or not. */
function committedRows(file: string): number {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n;
  } finally {
    other.close();
  }
}

describe("tuneSqliteConnection", () => {
  it("commits with synchronous = NORMAL on a WAL file, and keeps FULL in memory", async () => {
    const { connection, tuned } = await connect(manualSync().sync);
    expect(tuned.syncsAfterTheLock).toBe(true);
    expect(Number(sqliteDatabaseOf(connection)!.pragma("synchronous", { simple: true }))).toBe(1); // NORMAL

    const memory = await new PrismaBetterSQLite3({ url: ":memory:" }).connect();
    opened.push(memory);
    await memory.executeScript(PRAGMAS);
    expect(tuneSqliteConnection(memory, manualSync().sync).syncsAfterTheLock).toBe(false);
    expect(Number(sqliteDatabaseOf(memory)!.pragma("synchronous", { simple: true }))).toBe(2); // FULL
  });

  it("commits a write at once and acknowledges it only after a sync that started after the commit", async () => {
    const fake = manualSync();
    const { connection, file } = await connect(fake.sync);
    const write = connection.executeRaw(insert(1));
    expect(committedRows(file)).toBe(1); // committed: the lock is free for others
    expect(fake.calls).toBe(1);
    expect(await settled(write)).toBe(false); // …but not acknowledged before the sync
    fake.settle();
    await expect(write).resolves.toBe(1);
  });

  it("does not sync reads, and a read does not wait for another call's sync", async () => {
    const fake = manualSync();
    const { connection } = await connect(fake.sync);
    const write = connection.executeRaw(insert(1));
    expect(fake.calls).toBe(1);
    const read = connection.queryRaw(select);
    expect(await settled(read)).toBe(true);
    expect((await read).rows.map(([n]) => Number(n))).toEqual([1]);
    expect(fake.calls).toBe(1);
    expect(await settled(write)).toBe(false);
    fake.settle();
    await write;
  });

  it("a transaction's commit resolves after the sync, and the next transaction need not wait for it", async () => {
    const fake = manualSync();
    const { connection, file } = await connect(fake.sync);
    const first = await connection.startTransaction();
    await first.executeRaw(insert(1));
    await first.executeRaw(insert(2));
    expect(fake.calls).toBe(0); // nothing is committed inside the transaction
    await first.executeRaw(statement("COMMIT")); // Prisma sends COMMIT, then calls commit()
    const committing = first.commit();
    expect(committedRows(file)).toBe(2);
    expect(await settled(committing)).toBe(false);

    const second = connection.startTransaction(); // waits for the adapter's lock, which commit() released
    expect(await settled(second)).toBe(true);
    await (await second).executeRaw(statement("ROLLBACK"));
    await (await second).rollback();

    fake.settle();
    await committing;
    expect(fake.calls).toBe(1); // the rollback synced nothing
  });

  it("a transaction that wrote nothing does not wait for another call's sync", async () => {
    const fake = manualSync();
    const { connection } = await connect(fake.sync);
    const write = connection.executeRaw(insert(1));
    expect(fake.calls).toBe(1);
    const tx = await connection.startTransaction();
    await tx.queryRaw(select);
    await tx.executeRaw(statement("COMMIT"));
    expect(await settled(tx.commit())).toBe(true);
    expect(await settled(write)).toBe(false);
    fake.settle();
    await write;
    expect(fake.calls).toBe(1);
  });

  it("commits that land during a sync share the next one", async () => {
    const fake = manualSync();
    const { connection } = await connect(fake.sync);
    const first = connection.executeRaw(insert(0));
    const rest = Array.from({ length: 10 }, (_, i) => connection.executeRaw(insert(i + 1)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.calls).toBe(1); // one sync at a time
    fake.settle(0);
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.calls).toBe(2); // one more sync covers all ten
    for (const write of rest) expect(await settled(write)).toBe(false);
    fake.settle(1);
    await Promise.all(rest);
    expect(fake.calls).toBe(2);
  });

  it("a failed sync fails the calls waiting on it, keeps the committed row, and the next commit syncs again", async () => {
    const fake = manualSync();
    const { connection, file } = await connect(fake.sync);
    const write = connection.executeRaw(insert(1));
    fake.fail(0, new Error("EIO: i/o error, fdatasync"));
    await expect(write).rejects.toThrow("fdatasync");
    expect(committedRows(file)).toBe(1); // a retry with the same idempotency key finds it
    const again = connection.executeRaw(insert(2));
    expect(fake.calls).toBe(2);
    fake.settle(1);
    await again;
  });

  it("through Prisma: $executeRaw, a batch $transaction and an interactive one each wait for their sync", async () => {
    const fake = manualSync();
    const url = `file:${path.join(dir, `t${files++}.db`)}`;
    const prisma = new PrismaClient({ adapter: sqliteAdapter(url, fake.sync) }); // the app's adapter (lib/db.ts)
    try {
      await prisma.$executeRawUnsafe("SELECT 1"); // connects; a read syncs nothing
      expect(fake.calls).toBe(0);
      // Prisma runs a query when it is awaited (then), not when it is made
      const create = prisma.$executeRawUnsafe("CREATE TABLE t (a INTEGER)").then((n) => n);
      await until(() => fake.calls === 1);
      expect(await settled(create)).toBe(false);
      fake.settle(0);
      await create;

      const batch = prisma.$transaction([prisma.$executeRaw`INSERT INTO t (a) VALUES (1)`, prisma.$executeRaw`INSERT INTO t (a) VALUES (2)`]).then((n) => n);
      await until(() => fake.calls === 2);
      expect(committedRows(url.slice("file:".length))).toBe(2);
      expect(await settled(batch)).toBe(false);
      fake.settle(1);
      expect(await batch).toEqual([1, 1]);

      const interactive = prisma.$transaction(async (tx) => tx.$executeRaw`INSERT INTO t (a) VALUES (3)`).then((n) => n);
      await until(() => fake.calls === 3);
      expect(await settled(interactive)).toBe(false);
      fake.settle(2);
      expect(await interactive).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });
});

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe("commitLog", () => {
  const writes = { readonly: false } as never;
  const commit = { readonly: true } as never;
  it("counts an autocommitted write and a COMMIT after writes, not a read-only transaction or a ROLLBACK", () => {
    const log = commitLog(async () => {});
    const outside = { inTransaction: false };
    const inside = { inTransaction: true };
    log.observe(outside, writes, "INSERT");
    expect(log.committed).toBe(1);
    log.observe(inside, commit, "BEGIN");
    log.observe(inside, { readonly: true } as never, "SELECT");
    log.observe(outside, commit, "COMMIT");
    expect(log.committed).toBe(1);
    log.observe(inside, writes, "INSERT");
    log.observe(outside, commit, "ROLLBACK");
    expect(log.committed).toBe(1);
    log.observe(inside, writes, "INSERT");
    log.observe(outside, commit, "COMMIT");
    expect(log.committed).toBe(2);
  });
});

describe("fileSync", () => {
  it("syncs a real file, and opens it again after a failure", async () => {
    const file = path.join(dir, "synced");
    const sync = fileSync(file);
    await expect(sync()).rejects.toThrow(/ENOENT/);
    writeFileSync(file, "abc");
    await sync();
    await sync();
    await sync.close();
    expect(readFileSync(file, "utf8")).toBe("abc");
  });
});

describe("waiting for another connection's write lock", () => {
  it("a write outside a transaction and a transaction's first statement wait for it without blocking the process", async () => {
    const { connection, file } = await connect(async () => {});
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE; INSERT INTO t (a) VALUES (100)"); // another process is writing
    const write = connection.executeRaw(insert(1));
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ticks).toBeGreaterThan(10); // the event loop ran while the write waited
    expect(await settled(write)).toBe(false);
    other.exec("COMMIT");
    await expect(write).resolves.toBe(1);

    other.exec("BEGIN IMMEDIATE; INSERT INTO t (a) VALUES (101)");
    const transaction = (async () => {
      const tx = await connection.startTransaction();
      await tx.executeRaw(insert(2));
      await tx.executeRaw(statement("COMMIT"));
      await tx.commit();
    })();
    const before = ticks;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ticks - before).toBeGreaterThan(10);
    expect(await settled(transaction)).toBe(false);
    other.exec("COMMIT");
    other.close();
    await transaction;
    clearInterval(ticking);
    expect(committedRows(file)).toBe(4);
  });

  it("gives up after LOCK_WAIT_MS as busy_timeout did, and does not retry a later statement of a transaction", async () => {
    const { connection, file } = await connect(async () => {});
    await connection.executeRaw(insert(1));
    const other = new Database(file);
    const tx = await connection.startTransaction();
    await tx.queryRaw(select); // the transaction has read: it cannot wait for the lock (SQLite says so at once)
    other.exec("BEGIN IMMEDIATE; INSERT INTO t (a) VALUES (100)");
    const started = performance.now();
    await expect(tx.executeRaw(insert(2))).rejects.toSatisfy(isBusy);
    expect(performance.now() - started).toBeLessThan(1000);
    await tx.executeRaw(statement("ROLLBACK"));
    await tx.rollback();
    other.exec("COMMIT");
    other.close();
  });

  it("a statement outside a transaction waits until the open one ends, and does not commit or roll back with it", async () => {
    const { connection, file } = await connect(async () => {});
    const tx = await connection.startTransaction();
    await tx.executeRaw(insert(1));
    await tx.executeRaw(insert(3));
    const outside = connection.executeRaw(insert(2));
    const read = connection.queryRaw(select);
    expect(await settled(outside)).toBe(false); // the adapter would have run it inside the transaction
    expect(await settled(read)).toBe(false); // …and the read would have counted its two uncommitted rows
    await tx.executeRaw(statement("ROLLBACK"));
    await tx.rollback();
    await expect(outside).resolves.toBe(1);
    expect((await read).rows.map(([n]) => Number(n))).toEqual([1]); // the other write only
    expect(committedRows(file)).toBe(1); // the rollback did not take the other write with it
  });
});
