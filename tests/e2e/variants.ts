// Read a student's newest variant straight from the e2e database and regenerate it with the engine,
// so a test knows the true answers without asking the app.
import { generateVariant, scalarValue, solve, type NetworkSpec, type ScalarTarget, type Target } from "../../lib/backprop";
import { e2eRows } from "./e2e-db";

export async function newestVariantOf(email: string, itemTitle = "Hidden-layer gradient, step by step") {
  const [row] = await e2eRows<{ seed: number; preset: string; specJson: string | null }>(
    `select v."seed", i."preset", i."specJson" from "Variant" v join "User" u on u."id" = v."userId" join "ProblemItem" i on i."id" = v."itemId"
     where u."email" = $1 and i."title" = $2 order by v."number" desc limit 1`,
    [email, itemTitle],
  );
  if (!row) throw new Error(`${email} has no variant of "${itemTitle}"`);
  const source: string | NetworkSpec = row.specJson ? (JSON.parse(row.specJson) as NetworkSpec) : row.preset;
  return generateVariant(source, row.seed);
}

/** The true value of each scalar part (NaN for whole-matrix parts). */
export function truthsOf(variant: { instance: Parameters<typeof solve>[0]; parts: Target[] }): number[] {
  const s = solve(variant.instance);
  return variant.parts.map((p) => (p.kind === "grad" && p.j === undefined ? NaN : scalarValue(variant.instance, s, p as ScalarTarget)));
}

/** How many variants a user has (a page view must not create variants of questions the student never opened). */
export async function variantCountOf(email: string): Promise<number> {
  const [row] = await e2eRows<{ n: number | string }>(
    `select count(*) as "n" from "Variant" v join "User" u on u."id" = v."userId" where u."email" = $1`,
    [email],
  );
  return Number(row.n); // PostgreSQL returns count(*) as a string (bigint)
}
