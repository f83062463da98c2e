import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, databaseProvider, databaseUrl } from "@/lib/config";

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

describe("databaseProvider", () => {
  it("reads SQLite from file: URLs, the default included", () => {
    delete process.env.DATABASE_URL;
    expect(databaseProvider()).toBe("sqlite");
    expect(databaseProvider("file:/var/lib/chainrule.db")).toBe("sqlite");
  });

  it("reads PostgreSQL from postgresql:// and postgres:// URLs", () => {
    expect(databaseProvider("postgresql://app@127.0.0.1:5432/chainrule")).toBe("postgresql");
    expect(databaseProvider("postgres://app:pw@db.internal/chainrule?sslmode=require")).toBe("postgresql");
    process.env.DATABASE_URL = "postgresql://app@127.0.0.1/chainrule";
    expect(databaseProvider()).toBe("postgresql");
  });

  it("throws for any other scheme, naming the scheme but not the rest of the URL", () => {
    expect(() => databaseProvider("mysql://root:hunter2@localhost/chainrule")).toThrow(/not "mysql:"/);
    expect(() => databaseProvider("mysql://root:hunter2@localhost/chainrule")).not.toThrow(/hunter2/);
    expect(() => databaseProvider("./data/chainrule.db")).toThrow(/without a scheme/);
    expect(() => databaseProvider("sqlite:./data/chainrule.db")).toThrow(/"file:"/);
  });
});
