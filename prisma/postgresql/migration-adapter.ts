// The driver adapter Prisma's migration commands use for PostgreSQL (prisma.config.ts), with two work-arounds
// for @prisma/adapter-pg 6.19 that only the migration engine meets; the app's own queries use lib/db.ts.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseIntoClientConfig } from "pg-connection-string";

// Catalog types the adapter cannot map, read as text: "char" (one-byte codes such as relkind) and name (identifiers).
const AS_TEXT = new Map([
  [18, 25], // "char" → text
  [19, 25], // name → text
  [1002, 1009], // "char"[] → text[]
  [1003, 1009], // name[] → text[]
]);

type QueryResult = { fields?: { dataTypeID: number }[] } | undefined;

function nameAsText(result: QueryResult) {
  for (const field of result?.fields ?? []) field.dataTypeID = AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
  return result;
}

/**
 * 1. The migration engine reads PostgreSQL's catalogs, whose identifiers have the type `name`; the adapter has no
 * mapping for it, so every migrate command fails with "Column type 'name' could not be deserialized from the
 * database" (prisma/prisma#27403), and `migrate diff` likewise on "char". Their values arrive as plain strings:
 * this client reports them as text.
 */
class CatalogAwareClient extends pg.Client {
  // pg's query() has promise and callback forms (the pool uses the callback one): fix the result of both.
  query(...args: unknown[]): never {
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err: unknown, result: QueryResult) => (last as (e: unknown, r: unknown) => void)(err, nameAsText(result));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(nameAsText) : out) as never;
  }
}

async function adminQuery(config: pg.ClientConfig, sql: string) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The adapter for `prisma migrate` / `prisma migrate diff` on the database at `url`. */
export function postgresMigrationAdapter(url: string): Pick<PrismaPg, "provider" | "adapterName" | "connect" | "connectToShadowDb"> {
  // Fields, not a connectionString: pg lets a connectionString override the database chosen for the shadow database.
  const config: pg.PoolConfig = { ...parseIntoClientConfig(url), Client: CatalogAwareClient };
  const factory = new PrismaPg(config);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    /**
     * 2. The adapter's own shadow database drops the database before closing its pool, which PostgreSQL refuses
     * ("is being accessed by other users"), so `migrate diff --from-migrations` and `migrate dev` fail. Same steps,
     * in the order that works: create, use, close, drop.
     */
    async connectToShadowDb() {
      const database = `prisma_migrate_shadow_db_${randomUUID()}`;
      await adminQuery(config, `CREATE DATABASE "${database}"`);
      const shadow = await new PrismaPg({ ...config, database }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await adminQuery(config, `DROP DATABASE IF EXISTS "${database}"`);
      };
      return shadow;
    },
  };
}
