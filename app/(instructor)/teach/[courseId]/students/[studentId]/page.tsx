import type { Metadata } from "next";
import Link from "next/link";
import { fetchStudentRecord, fetchStudentRef } from "@/lib/dal/gradebook";
import { answerText } from "@/lib/present/answers";
import { MISTAKE_LABELS, type MistakeId } from "@/lib/backprop";
import { formatNumber } from "@/lib/backprop/format";
import { LocalTime } from "@/app/ui/local-time";
import { formatPoints } from "@/app/ui/format";
import { OverrideForm } from "@/app/ui/gradebook/override-form";
import styles from "@/app/ui/instructor/instructor.module.css";
import gb from "@/app/ui/gradebook/gradebook.module.css";
import { loadForInstructorPage } from "../../../_lib/page-access";

interface Props {
  params: Promise<{ courseId: string; studentId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { courseId, studentId } = await params;
  const student = await loadForInstructorPage(`/teach/${courseId}/students/${studentId}`, (user) => fetchStudentRef(user, courseId, studentId));
  return { title: `${student.name} · Gradebook` };
}

export default async function StudentRecordPage({ params }: Props) {
  const { courseId, studentId } = await params;
  const record = await loadForInstructorPage(`/teach/${courseId}/students/${studentId}`, (user) => fetchStudentRecord(user, courseId, studentId));
  const { course } = record;

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}`}>{course.title}</Link>
        <span aria-hidden="true">›</span>
        <Link href={`/teach/${courseId}/gradebook`}>Gradebook</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Student record</p>
          <h1>{record.student.name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {record.student.email} · total{" "}
            <strong>
              {formatPoints(record.total)} / {formatPoints(record.maxTotal)}
            </strong>
          </p>
        </div>
      </header>

      {record.sets.length === 0 ? <p className={styles.empty}>No published problem sets yet.</p> : null}
      {record.sets.map((set) => (
        <section key={set.id} className={gb.setBlock} aria-labelledby={`set-${set.id}`}>
          <div className={styles.sectionHead}>
            <h2 id={`set-${set.id}`}>{set.title}</h2>
            <span className={gb.score}>
              {formatPoints(set.points)} / {formatPoints(set.maxPoints)}
            </span>
          </div>
          {set.items.map((item) => (
            <article key={item.id} className={`card ${gb.itemCard}`} aria-labelledby={`item-${item.id}`}>
              <div className={gb.itemHead}>
                <h3 id={`item-${item.id}`} style={{ margin: 0, fontSize: "1.05rem" }}>
                  {item.position}. {item.title}
                </h3>
                <span className={gb.score} data-testid={`score-${item.id}`}>
                  {formatPoints(item.score * item.points)} / {formatPoints(item.points)}
                  {item.overridden ? (
                    <span className={`${gb.mark} ${gb.overridden}`} title={`Computed: ${formatPoints(item.computed * item.points)}`}>
                      edited
                    </span>
                  ) : null}
                </span>
              </div>
              {item.overridden ? (
                <p className="muted small" style={{ margin: "0.2rem 0 0" }}>
                  Computed from the answers: {formatPoints(item.computed * item.points)} points.
                </p>
              ) : null}

              {item.submissions.length === 0 ? (
                <p className="muted" style={{ margin: "0.5rem 0" }}>
                  No submissions yet.
                </p>
              ) : (
                <details style={{ marginTop: "0.5rem" }}>
                  <summary>
                    {item.submissions.length} submission{item.submissions.length === 1 ? "" : "s"}
                  </summary>
                  <div className="table-wrap" tabIndex={0} role="region" aria-label={`Submissions to ${item.title}`}>
                    <table className={gb.subTable}>
                      <thead>
                        <tr>
                          <th scope="col">Part</th>
                          <th scope="col">Answer</th>
                          <th scope="col">Verdict</th>
                          <th scope="col">Diagnosis</th>
                          <th scope="col">When</th>
                          <th scope="col">Variant (seed)</th>
                        </tr>
                      </thead>
                      <tbody>
                        {item.submissions.map((s) => (
                          <tr key={s.id}>
                            <td>
                              {s.partLabel} <span className="muted small">try {s.attempt}</span>
                            </td>
                            <td className={gb.wrap}>
                              <code className={gb.answer}>{answerText(s.rawAnswer)}</code>
                            </td>
                            <td>
                              <span className={s.status === "correct" ? "ok" : "bad"}>{s.status}</span>
                              {s.late ? <span className="warn"> late</span> : null}
                              {s.score > 0 && s.status !== "correct" ? <span className="muted small"> {formatNumber(s.score * 100)}% credit</span> : null}
                            </td>
                            <td className={`${gb.wrap} small`}>
                              {s.mistake ? (MISTAKE_LABELS[s.mistake as MistakeId] ?? s.mistake) : s.carriedForward ? "carried forward from an earlier part" : ""}
                            </td>
                            <td className="small">
                              <LocalTime iso={s.at.toISOString()} />
                            </td>
                            <td className="num">
                              {s.variantNumber} <span className="muted small">({s.seed})</span>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              )}

              {item.overrides.length > 0 ? (
                <ul className={gb.history} aria-label="Score changes">
                  {item.overrides.map((o, i) => (
                    <li key={i}>
                      <LocalTime iso={o.at.toISOString()} />, {o.by}: {formatPoints(o.oldScore * item.points)} →{" "}
                      {o.score === null ? "computed score" : formatPoints(o.score * item.points)} — “{o.reason}”
                    </li>
                  ))}
                </ul>
              ) : null}

              <details style={{ marginTop: "0.4rem" }}>
                <summary>Change this score</summary>
                <OverrideForm courseId={courseId} studentId={studentId} itemId={item.id} maxPoints={item.points} overridden={item.overridden} />
              </details>
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
