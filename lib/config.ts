// Runtime configuration read from the environment, with the defaults the README documents.
export const DEFAULT_DATABASE_URL = "file:./data/chainrule.db";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) process.env.DATABASE_URL = DEFAULT_DATABASE_URL;
  return process.env.DATABASE_URL as string;
}
