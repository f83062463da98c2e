import { prettyTitle } from "@/lib/present/titles";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { randomInt } from "node:crypto";
import { MAX_SEED, SpecError, isMatrixTarget, latexNumber, matrixLatex, targetLatex, type Matrix } from "@/lib/backprop";
import { fetchItemForEdit } from "@/lib/dal/problem-sets";
import { previewItem } from "@/lib/dal/solving";
import { partPrompt } from "@/lib/practice/present";
import { TeX } from "@/app/ui/math";
import { ProblemStatement } from "@/app/ui/problem/problem-statement";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../../../../_lib/page-access";

export const metadata: Metadata = { title: "Preview question" };

interface Props {
  params: Promise<{ courseId: string; itemId: string }>;
  searchParams: Promise<{ [key: string]: string | string[] | undefined }>;
}

/** Students' seeds are drawn below 2^31; the preview accepts any seed the generator does. */
const RANDOM_SEED_LIMIT = 2 ** 31 - 1;

/** A seed from the query string; anything else (absent, negative, text, too large) is seed 1. */
function parseSeed(raw: string | string[] | undefined): number {
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return 1;
  const seed = Number(raw);
  return seed <= MAX_SEED ? seed : 1;
}

export default async function PreviewItemPage({ params, searchParams }: Props) {
  const { courseId, itemId } = await params;
  const seed = parseSeed((await searchParams).seed);
  const base = `/teach/${courseId}/items/${itemId}/preview`;
  const { item, preview, problem } = await loadForInstructorPage(`${base}?seed=${seed}`, async (user) => {
    const item = await fetchItemForEdit(user, itemId);
    if (item.courseId !== courseId) notFound();
    try {
      return { item, preview: await previewItem(user, itemId, seed), problem: null };
    } catch (error) {
      // a custom spec can be valid yet impossible to generate for this seed: say so instead of failing the page
      if (error instanceof SpecError) return { item, preview: null, problem: error.message };
      throw error;
    }
  });
  const seedHref = (s: number) => `${base}?seed=${s}`;
  let random = randomInt(1, RANDOM_SEED_LIMIT);
  if (random === seed) random = seed + 1;

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}/sets/${item.setId}`}>← {item.setTitle}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Preview with answers</p>
          <h1>{item.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            What a student with this seed sees, plus the answers and worked solutions they may be shown.
          </p>
        </div>
        <Link href={`/teach/${courseId}/items/${item.id}`} className="btn btn-secondary">
          Edit question
        </Link>
      </header>

      <nav className={styles.seedBar} aria-label="Variants">
        <span className={styles.seed}>
          Seed <strong data-testid="seed">{seed}</strong>
        </span>
        {seed > 0 ? (
          <Link href={seedHref(seed - 1)} className={`btn btn-secondary ${styles.smallBtn}`} rel="prev">
            ← Previous seed
          </Link>
        ) : (
          <span className={`btn btn-secondary ${styles.smallBtn}`} aria-disabled="true">
            ← Previous seed
          </span>
        )}
        {seed < MAX_SEED ? (
          <Link href={seedHref(seed + 1)} className={`btn btn-secondary ${styles.smallBtn}`} rel="next">
            Next seed →
          </Link>
        ) : null}
        <Link href={seedHref(random)} prefetch={false} className={`btn btn-secondary ${styles.smallBtn}`}>
          Random seed
        </Link>
      </nav>

      {!preview ? (
        <section className="card" role="alert">
          <h2>This seed has no variant</h2>
          <p>The generator could not build a variant of this question for seed {seed}:</p>
          <p>
            <code>{problem}</code>
          </p>
          <p className="muted">Students would meet the same problem. Edit the question’s spec (widen the ranges or ask different parts).</p>
        </section>
      ) : (
        <>
          <ProblemStatement instance={preview.instance} parts={preview.parts.map((p) => p.target)} />

          <section className={styles.section} aria-labelledby="parts-heading">
            <h2 id="parts-heading">Parts and answers</h2>
            {preview.parts.map((part) => (
              <article key={part.index} className={`card ${styles.part}`} aria-labelledby={`part-${part.index}`}>
                <div className={styles.partHead}>
                  <h3 id={`part-${part.index}`}>
                    Part {part.index + 1}: <TeX tex={targetLatex(part.target)} />
                  </h3>
                  <span className="muted">{partPrompt(part.target, preview.instance)}</span>
                </div>
                <div className={styles.answer} data-testid="answer">
                  <span className={styles.answerLabel}>Answer</span>
                  <TeX
                    tex={`${targetLatex(part.target)} = ${
                      isMatrixTarget(part.target) ? matrixLatex(part.answer as Matrix) : latexNumber(part.answer as number, 6)
                    }`}
                    display={isMatrixTarget(part.target)}
                  />
                </div>
                <details className={styles.help}>
                  <summary>Worked solution ({part.steps.length} steps)</summary>
                  <ol className={styles.steps}>
                    {part.steps.map((step, i) => (
                      <li key={i}>
                        <span className={styles.stepTitle}>{prettyTitle(step.title)}</span>
                        <div className="math-scroll" tabIndex={0}>
                          <TeX display tex={step.latex} />
                        </div>
                      </li>
                    ))}
                  </ol>
                </details>
              </article>
            ))}
          </section>
        </>
      )}
    </div>
  );
}
