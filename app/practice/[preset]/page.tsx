import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { randomInt } from "node:crypto";
import {
  findPreset,
  generateVariant,
  isMatrixTarget,
  targetLatex,
  targetText,
  type Preset,
  type Variant,
} from "@/lib/backprop";
import { renderTex } from "@/lib/katex";
import {
  activationsBadge,
  layersBadge,
  parseSeed,
  partPrompt,
  toleranceText,
} from "@/lib/practice/present";
import { ProblemStatement } from "@/app/ui/problem/problem-statement";
import { CopyLink } from "@/app/ui/practice/copy-link";
import { PracticeForm, type PracticePart } from "@/app/ui/practice/practice-form";
import styles from "./page.module.css";

interface Props {
  params: Promise<{ preset: string }>;
  searchParams: Promise<{ [key: string]: string | string[] | undefined }>;
}

/** Seeds handed out for new variants: 1..999999, short enough to read out in class. */
function randomSeed(avoid?: number): number {
  for (;;) {
    const seed = randomInt(1, 1_000_000);
    if (seed !== avoid) return seed;
  }
}

const variantPath = (preset: string, seed: number) => `/practice/${encodeURIComponent(preset)}?seed=${seed}`;

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const preset = findPreset((await params).preset);
  if (!preset) return { title: "Problem not found" };
  const seed = parseSeed((await searchParams).seed);
  return {
    title: seed === null ? preset.title : `${preset.title} · variant ${seed}`,
    description: preset.description,
  };
}

export default async function PracticeProblemPage({ params, searchParams }: Props) {
  const preset = findPreset((await params).preset);
  if (!preset) notFound();
  const query = await searchParams;
  if (query.seed === undefined) redirect(variantPath(preset.name, randomSeed()));

  const seed = parseSeed(query.seed);
  let variant: Variant | null = null;
  if (seed !== null) {
    try {
      variant = generateVariant(preset.name, seed);
    } catch {
      variant = null;
    }
  }
  if (seed === null || !variant) return <BadSeed preset={preset} raw={query.seed} />;

  const { instance, parts } = variant;
  const formParts: PracticePart[] = parts.map((part, index) => {
    const base = {
      index,
      labelHtml: renderTex(`${targetLatex(part)} = \\;?`),
      ariaLabel: targetText(part),
      prompt: partPrompt(part, instance),
    };
    if (!isMatrixTarget(part)) return { ...base, kind: "scalar" as const };
    const rows = instance.layers[part.l - 1];
    const cols = instance.layers[part.l - 2] + 1;
    return {
      ...base,
      kind: "matrix" as const,
      rowHeaders: Array.from({ length: rows }, (_, r) => `j = ${r + 1}`),
      colHeaders: Array.from({ length: cols }, (_, c) => (c === 0 ? "k = 0 (bias)" : `k = ${c}`)),
    };
  });

  return (
    <article className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href="/practice">← All problems</Link>
      </nav>

      <header className={styles.header}>
        <h1 className={styles.h1}>{preset.title}</h1>
        <p className={styles.badges}>
          <span className={styles.layers}>{layersBadge(instance.layers)}</span>
          <span className={styles.badge}>{activationsBadge(instance.activations)}</span>
        </p>
        <p className="muted">{preset.description}</p>
        <div className={styles.variantBar}>
          <span className={styles.variant}>
            Variant <strong>#{seed}</strong>
          </span>
          <Link href={variantPath(preset.name, randomSeed(seed))} prefetch={false} className="btn btn-secondary">
            New variant
          </Link>
          <CopyLink path={variantPath(preset.name, seed)} />
        </div>
      </header>

      <ProblemStatement instance={instance} parts={parts} />

      <section className={styles.questions} aria-labelledby="questions-heading">
        <h2 id="questions-heading" className={styles.h2}>
          Your turn
        </h2>
        <p className="muted">
          Answer the parts in order: decimals, fractions such as <code>-3/25</code> or short expressions all work.{" "}
          {toleranceText(preset.tolerance)} Each check uses your earlier answers, so a slip early on is recognised later.
        </p>
        <PracticeForm preset={preset.name} seed={seed} parts={formParts} />
      </section>
    </article>
  );
}

function BadSeed({ preset, raw }: { preset: Preset; raw: string | string[] | undefined }) {
  const shown = Array.isArray(raw) ? raw.join(", ") : (raw ?? "");
  return (
    <section className="card" role="alert">
      <h1 className={styles.h1}>That variant number does not work</h1>
      <p>
        <code>{shown.length > 40 ? `${shown.slice(0, 40)}…` : shown || "(empty)"}</code> is not a variant of “{preset.title}”.
        A variant number is a whole number such as <code>12345</code>.
      </p>
      <p className={styles.actions}>
        <Link href={variantPath(preset.name, randomSeed())} prefetch={false} className="btn btn-primary">
          Open a random variant
        </Link>
        <Link href="/practice" className="btn btn-secondary">
          All problems
        </Link>
      </p>
    </section>
  );
}
