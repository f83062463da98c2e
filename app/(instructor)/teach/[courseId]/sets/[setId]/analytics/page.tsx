import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fetchSetAnalytics, type ItemStats } from "@/lib/dal/analytics";
import { fetchSet } from "@/lib/dal/problem-sets";
import { formatNumber } from "@/lib/backprop/format";
import { BarChart } from "@/app/ui/charts/bar-chart";
import { CompletionChart } from "@/app/ui/charts/completion-chart";
import { plural } from "@/app/ui/instructor/labels";
import { formatPercent } from "@/app/ui/format";
import styles from "@/app/ui/instructor/instructor.module.css";
import gb from "@/app/ui/gradebook/gradebook.module.css";
import { loadForInstructorPage } from "../../../../_lib/page-access";

interface Props {
  params: Promise<{ courseId: string; setId: string }>;
}

async function load(courseId: string, setId: string) {
  const data = await loadForInstructorPage(`/teach/${courseId}/sets/${setId}/analytics`, (user) => fetchSetAnalytics(user, setId));
  if (data.set.courseId !== courseId) notFound();
  return data;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { courseId, setId } = await params;
  // a cheap read for the title; the page computes the analytics once
  const set = await loadForInstructorPage(`/teach/${courseId}/sets/${setId}/analytics`, (user) => fetchSet(user, setId));
  // a student of the course gets the page's 404, and no set title in it either
  if (set.role !== "instructor") notFound();
  return { title: `Analytics · ${set.title}` };
}

const percent = (x: number | null) => (x === null ? "–" : formatPercent(x));
const num = (x: number | null) => (x === null ? "–" : formatNumber(Math.round(x * 10) / 10));

/** The mistake most students made on one part of this item, as a sentence. */
function headline(item: ItemStats): string | null {
  let best: { share: number; text: string } | null = null;
  for (const part of item.parts) {
    const top = part.mistakes[0];
    if (top && part.students > 0 && (!best || top.share > best.share)) {
      best = {
        share: top.share,
        text: `${part.label}: ${percent(top.share)} of the students who answered it were diagnosed with “${top.label}” (${plural(top.students, "student")}, ${plural(top.submissions, "answer")}).`,
      };
    }
  }
  return best?.text ?? null;
}

export default async function SetAnalyticsPage({ params }: Props) {
  const { courseId, setId } = await params;
  const data = await load(courseId, setId);
  const now = new Date();

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}`}>Course</Link>
        <span aria-hidden="true">›</span>
        <Link href={`/teach/${courseId}/gradebook`}>Gradebook</Link>
        <span aria-hidden="true">›</span>
        <Link href={`/teach/${courseId}/sets/${setId}`}>Edit set</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Analytics</p>
          <h1>{data.set.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {plural(data.studentCount, "student")} · {data.started} started · {data.completed} finished every question
          </p>
        </div>
      </header>

      <section className={`card ${styles.section}`} aria-label="Completion over time">
        <CompletionChart points={data.completion} studentCount={data.studentCount} dueAt={data.set.dueAt} now={now} />
      </section>

      {data.items.map((item) => {
        const insight = headline(item);
        const mistakeBars = item.parts
          .flatMap((p) => p.mistakes.map((m) => ({ part: p, m })))
          .sort((a, b) => b.m.students - a.m.students)
          .slice(0, 8)
          .map(({ part, m }) => ({ label: `${part.label}: ${m.label}`, value: m.students, text: `${m.students} (${percent(m.share)})` }));
        return (
          <section key={item.id} className={`card ${styles.section}`} aria-labelledby={`a-${item.id}`} data-testid="item-analytics">
            <h2 id={`a-${item.id}`}>{item.title}</h2>
            <dl className={gb.stats}>
              <div className={gb.stat}>
                <dt>Students started</dt>
                <dd>
                  {item.students} <span className="muted small">of {data.studentCount}</span>
                </dd>
              </div>
              <div className={gb.stat}>
                <dt>Graded answers</dt>
                <dd>{item.attempts}</dd>
              </div>
              <div className={gb.stat}>
                <dt>Right on first try</dt>
                <dd>{percent(item.firstTry)}</dd>
              </div>
              <div className={gb.stat}>
                <dt>Eventually solved</dt>
                <dd>{percent(item.eventually)}</dd>
              </div>
              <div className={gb.stat}>
                <dt>Median answers per student</dt>
                <dd>{num(item.medianAttempts)}</dd>
              </div>
              <div className={gb.stat}>
                <dt>Mean score</dt>
                <dd>{percent(item.meanScore)}</dd>
              </div>
            </dl>
            {insight ? (
              <p className={gb.insight} data-testid="insight">
                <strong>Most common mistake:</strong> {insight}
              </p>
            ) : null}
            <div className={gb.charts}>
              <BarChart
                title="Score distribution"
                bars={item.distribution.map((b) => ({ label: b.label, value: b.count, text: `${b.count}` }))}
              />
              {mistakeBars.length > 0 ? (
                <BarChart title="Diagnosed mistakes (students)" bars={mistakeBars} tone="bad" />
              ) : (
                <p className="muted">No diagnosed mistakes yet.</p>
              )}
            </div>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={`Parts of ${item.title}`}>
              <table className={gb.partTable}>
                <thead>
                  <tr>
                    <th scope="col">Part</th>
                    <th scope="col" className="num">
                      Students
                    </th>
                    <th scope="col" className="num">
                      First try
                    </th>
                    <th scope="col" className="num">
                      Eventually
                    </th>
                    <th scope="col" className="num">
                      Median answers
                    </th>
                    <th scope="col">Diagnosed mistakes (students)</th>
                  </tr>
                </thead>
                <tbody>
                  {item.parts.map((p) => (
                    <tr key={p.index}>
                      <td>
                        {p.index + 1}. {p.label}
                      </td>
                      <td className="num">{p.students}</td>
                      <td className="num">{percent(p.firstTry)}</td>
                      <td className="num">{percent(p.eventually)}</td>
                      <td className="num">{num(p.medianAttempts)}</td>
                      <td className={`${gb.wrap} small`}>
                        {p.mistakes.length === 0 ? <span className="muted">none</span> : p.mistakes.map((m) => `${m.label}: ${m.students} (${percent(m.share)})`).join("; ")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
