// Read a student's newest variant straight from the e2e database and regenerate it with the engine,
// so a test knows the true answers without asking the app.
import Database from "better-sqlite3";
import path from "node:path";
import { generateVariant, scalarValue, solve, type NetworkSpec, type ScalarTarget, type Target } from "../../lib/backprop";

export function newestVariantOf(email: string, itemTitle = "Hidden-layer gradient, step by step") {
  const db = new Database(path.join(process.cwd(), "data", "e2e.db"), { readonly: true });
  const row = db
    .prepare(
      `select v.seed, i.preset, i.specJson from Variant v join User u on u.id = v.userId join ProblemItem i on i.id = v.itemId
       where u.email = ? and i.title = ? order by v.number desc limit 1`,
    )
    .get(email, itemTitle) as { seed: number; preset: string; specJson: string | null };
  db.close();
  const source: string | NetworkSpec = row.specJson ? (JSON.parse(row.specJson) as NetworkSpec) : row.preset;
  return generateVariant(source, row.seed);
}

/** The true value of each scalar part (NaN for whole-matrix parts). */
export function truthsOf(variant: { instance: Parameters<typeof solve>[0]; parts: Target[] }): number[] {
  const s = solve(variant.instance);
  return variant.parts.map((p) => (p.kind === "grad" && p.j === undefined ? NaN : scalarValue(variant.instance, s, p as ScalarTarget)));
}

/** How many variants a user has (a page view must not create variants of questions the student never opened). */
export function variantCountOf(email: string): number {
  const db = new Database(path.join(process.cwd(), "data", "e2e.db"), { readonly: true });
  const row = db.prepare("select count(*) n from Variant v join User u on u.id = v.userId where u.email = ?").get(email) as { n: number };
  db.close();
  return row.n;
}
