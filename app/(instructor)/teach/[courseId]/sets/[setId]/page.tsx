import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findPreset } from "@/lib/backprop";
import { formatNumber } from "@/lib/backprop/format";
import { fetchCourse } from "@/lib/dal/courses";
import { fetchSet } from "@/lib/dal/problem-sets";
import { SOLUTION_POLICY_LABELS } from "@/lib/homework/policy";
import { LocalTime } from "@/app/ui/local-time";
import { PublishButton } from "@/app/ui/instructor/publish-button";
import { SetForm } from "@/app/ui/instructor/set-form";
import { customNetworkSummary, plural, toleranceSummary } from "@/app/ui/instructor/labels";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../../../_lib/page-access";

export const metadata: Metadata = { title: "Problem set" };

interface Props {
  params: Promise<{ courseId: string; setId: string }>;
  searchParams: Promise<{ [key: string]: string | string[] | undefined }>;
}

function networkLabel(preset: string, specJson: string | null): string {
  if (preset === "custom") return `Custom (${customNetworkSummary(specJson) ?? "spec"})`;
  const p = findPreset(preset);
  return p ? `${p.title} (${p.spec.layers.join("-")})` : preset;
}

export default async function SetPage({ params, searchParams }: Props) {
  const { courseId, setId } = await params;
  const query = await searchParams;
  const { course, set } = await loadForInstructorPage(`/teach/${courseId}/sets/${setId}`, async (user) => {
    const set = await fetchSet(user, setId);
    if (set.role !== "instructor" || set.courseId !== courseId) notFound();
    const course = await fetchCourse(user, courseId);
    return { course, set };
  });
  const added = typeof query.added === "string" ? set.items.find((i) => i.id === query.added) : undefined;

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${course.id}`}>← {course.title}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>
            Problem set · <span className={set.published ? styles.published : styles.draft}>{set.published ? "Published" : "Draft"}</span>
          </p>
          <h1>{set.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {plural(set.itemCount, "question")} · {plural(set.maxPoints, "point")} ·{" "}
            {set.dueAt ? (
              <>
                due <LocalTime iso={set.dueAt.toISOString()} />
              </>
            ) : (
              "no due date"
            )}
          </p>
        </div>
        <PublishButton setId={set.id} published={set.published} />
      </header>

      {added ? (
        <p className={styles.success} role="status">
          Question “{added.title}” added.
        </p>
      ) : null}
      {query.deleted === "1" ? (
        <p className={styles.success} role="status">
          Question deleted.
        </p>
      ) : null}

      <section className={styles.section} aria-labelledby="questions-heading">
        <div className={styles.sectionHead}>
          <h2 id="questions-heading">Questions</h2>
          <Link href={`/teach/${course.id}/sets/${set.id}/items/new`} className="btn btn-primary">
            Add question
          </Link>
        </div>
        {set.items.length === 0 ? (
          <p className={styles.empty}>No questions yet. Add one to be able to publish the set.</p>
        ) : (
          <ol className={styles.list} aria-label="Questions in order">
            {set.items.map((item, index) => (
              <li key={item.id} className={styles.listItem} data-testid="question">
                <h3 className={styles.listTitle}>
                  <span className={styles.position}>{index + 1}.</span>
                  <Link href={`/teach/${course.id}/items/${item.id}`}>{item.title}</Link>
                </h3>
                <dl className={styles.meta}>
                  <div>
                    <dt>Network</dt>
                    <dd>{networkLabel(item.preset, item.specJson)}</dd>
                  </div>
                  <div>
                    <dt>Points</dt>
                    <dd>{formatNumber(item.points)}</dd>
                  </div>
                  <div>
                    <dt>Attempts</dt>
                    <dd>{item.maxAttempts} per part</dd>
                  </div>
                  <div>
                    <dt>Correct if</dt>
                    <dd>{toleranceSummary(item.tolerance)}</dd>
                  </div>
                  <div>
                    <dt>Solution shown</dt>
                    <dd>{SOLUTION_POLICY_LABELS[item.solutionPolicy]}</dd>
                  </div>
                  <div>
                    <dt>New variants</dt>
                    <dd>{item.allowNewVariant ? "allowed" : "not allowed"}</dd>
                  </div>
                </dl>
                <div className={styles.itemLinks}>
                  <Link href={`/teach/${course.id}/items/${item.id}`} className={`btn btn-secondary ${styles.smallBtn}`} aria-label={`Edit “${item.title}”`}>
                    Edit
                  </Link>
                  <Link
                    href={`/teach/${course.id}/items/${item.id}/preview`}
                    className={`btn btn-secondary ${styles.smallBtn}`}
                    aria-label={`Preview “${item.title}”`}
                  >
                    Preview
                  </Link>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className={styles.section} aria-labelledby="details-heading">
        <h2 id="details-heading">Details and dates</h2>
        <div className={`card ${styles.formCard}`}>
          <SetForm
            courseId={course.id}
            set={{
              id: set.id,
              title: set.title,
              description: set.description,
              opensAt: set.opensAt?.toISOString() ?? null,
              dueAt: set.dueAt?.toISOString() ?? null,
              lateUntil: set.lateUntil?.toISOString() ?? null,
              latePercent: set.latePercent,
              published: set.published,
            }}
          />
        </div>
      </section>
    </div>
  );
}
