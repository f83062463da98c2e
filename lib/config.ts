// Runtime configuration read from the environment, with the defaults the README documents.
export const DEFAULT_DATABASE_URL = "file:./data/chainrule.db";

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) process.env.DATABASE_URL = DEFAULT_DATABASE_URL;
  return process.env.DATABASE_URL as string;
}

/** Which database a URL names: `file:` is SQLite, `postgresql://` or `postgres://` is PostgreSQL; anything else is an error. */
export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  // Name only the scheme: the rest of a URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), not ${scheme ? `"${scheme}:"` : "a value without a scheme"}.`,
  );
}
