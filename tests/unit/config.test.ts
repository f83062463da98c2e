import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, databaseUrl } from "@/lib/config";

const original = process.env.DATABASE_URL;

afterEach(() => {
  if (original === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = original;
});

describe("databaseUrl", () => {
  it("falls back to the embedded SQLite file when DATABASE_URL is unset", () => {
    delete process.env.DATABASE_URL;
    expect(databaseUrl()).toBe(DEFAULT_DATABASE_URL);
    expect(DEFAULT_DATABASE_URL).toBe("file:./data/chainrule.db");
    // Child processes (prisma CLI, next) must see the same default.
    expect(process.env.DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
  });

  it("treats a blank DATABASE_URL as unset", () => {
    process.env.DATABASE_URL = "   ";
    expect(databaseUrl()).toBe(DEFAULT_DATABASE_URL);
  });

  it("keeps an explicit DATABASE_URL unchanged", () => {
    process.env.DATABASE_URL = "file:/tmp/elsewhere.db";
    expect(databaseUrl()).toBe("file:/tmp/elsewhere.db");
  });
});
