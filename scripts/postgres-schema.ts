// Derives prisma/postgresql/schema.prisma from prisma/schema.prisma, the one schema people edit:
// the same models, with provider postgresql and a client of its own. `--check` only compares.
import fs from "node:fs";
import path from "node:path";

export const SQLITE_SCHEMA = path.join("prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join("prisma", "postgresql", "schema.prisma");

const HEADER = [
  "// GENERATED from prisma/schema.prisma by `npm run db:postgres-schema`: edit that file, not this one.",
  "// The PostgreSQL twin of the SQLite schema: same models, its own migrations (prisma/postgresql/migrations).",
].join("\n");

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"));
  if (matches?.length !== 1) throw new Error(`${SQLITE_SCHEMA}: expected exactly one ${what}, found ${matches?.length ?? 0}.`);
  return text.replace(pattern, replacement);
}

/** The PostgreSQL schema for a SQLite schema text (throws when the parts it rewrites are not where it expects them). */
export function postgresSchemaFrom(sqliteSchema: string): string {
  let text = sqliteSchema.replace(/\r\n/g, "\n");
  text = replaceOnce(text, /(\bprovider\s*=\s*)"sqlite"/, '$1"postgresql"', 'datasource `provider = "sqlite"`');
  // The schema moves one folder down, and the client gets its own folder: one generated client per provider.
  text = replaceOnce(text, /(\boutput\s*=\s*)"\.\.\/lib\/generated\/prisma"/, '$1"../../lib/generated/prisma-pg"', 'generator `output = "../lib/generated/prisma"`');
  return `${HEADER}\n${text}`;
}

function main() {
  const expected = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const current = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (current !== expected) {
      console.error(`${POSTGRES_SCHEMA} is out of date with ${SQLITE_SCHEMA}: run npm run db:postgres-schema.`);
      process.exit(1);
    }
    console.log(`${POSTGRES_SCHEMA} is up to date.`);
    return;
  }
  if (current === expected) {
    console.log(`${POSTGRES_SCHEMA} is up to date.`);
    return;
  }
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, expected);
  console.log(`Wrote ${POSTGRES_SCHEMA} from ${SQLITE_SCHEMA}.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) main();
