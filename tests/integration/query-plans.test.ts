// SQLite chooses indexes without statistics (nothing runs ANALYZE), by the shape of the WHERE clause alone, so a query
// that compiles and returns the right rows can still read every submission to an item. These are the plans of the
// per-request reads and writes that went wrong that way (each cost ~2 ms a request on a class of 1,000, 100× the
// right plan); a schema or query change that brings the full read back fails here.
import { TEST_DATABASE, TEST_DATABASE_URL } from "./helpers";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { currentVariantSql, historySql, ownVariantSql, recomputeProgressSql } from "@/lib/dal/solving";

describe.skipIf(TEST_DATABASE === "postgres")("SQLite query plans of the per-request paths", () => {
  const file = TEST_DATABASE_URL.replace(/^file:/, "");
  const db = TEST_DATABASE === "postgres" ? undefined : new Database(file, { readonly: true });
  afterAll(() => db?.close());
  const plan = (sql: string, values: unknown[]) =>
    (db!.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...values) as { detail: string }[]).map((r) => r.detail);

  it("the progress recompute of a submission reads the student's own submissions to the item", () => {
    const q = recomputeProgressSql("u1", "item1", 6);
    const steps = plan(q.sql, q.values);
    const reads = steps.filter((s) => s.includes("Submission"));
    expect(reads).toContain("SEARCH Submission USING INDEX Submission_userId_itemId_createdAt_idx (userId=? AND itemId=?)");
    // the other read is one variant's submissions
    expect(reads.filter((s) => !s.includes("(userId=? AND itemId=?)"))).toEqual(["SEARCH s USING INDEX Submission_variantId_partIndex_attempt_key (variantId=?)"]);
  });

  it("a student's history of a question (the question page) reads their rows in order, without a sort", () => {
    const q = historySql("u1", "item1");
    expect(plan(q.sql, q.values)).toEqual([
      "SEARCH s USING INDEX Submission_userId_itemId_createdAt_idx (userId=? AND itemId=?)",
      "SEARCH v USING INDEX sqlite_autoindex_Variant_1 (id=?)",
    ]);
  });

  it("the question page's variant and its submissions: the newest variant by (userId, itemId), then its own rows", () => {
    const q = currentVariantSql("u1", "item1");
    const steps = plan(q.sql, q.values);
    expect(steps.filter((s) => s.includes("Submission"))).toEqual(["SEARCH s USING INDEX Submission_variantId_partIndex_attempt_key (variantId=?) LEFT-JOIN"]);
    expect(steps.filter((s) => s.includes("SCAN"))).toEqual([]);
  });

  it("an answer's read: the variant by id, its own submissions, and the key's earlier request through (userId, idempotencyKey)", () => {
    const q = ownVariantSql("u1", "v1", "key-12345678");
    const steps = plan(q.sql, q.values);
    expect(steps.filter((s) => s.includes("SCAN"))).toEqual([]);
    expect(steps.filter((s) => s.includes("Submission"))).toEqual([
      "SEARCH s USING INDEX Submission_variantId_partIndex_attempt_key (variantId=?) LEFT-JOIN",
      "SEARCH r USING INDEX Submission_userId_idempotencyKey_key (userId=? AND idempotencyKey=?)",
    ]);
  });
});
