// Set completion over time as a step chart (SVG, server-rendered): students who started and who finished,
// with the due date marked; every step has a hover title and the numbers are also in a table.
import styles from "@/app/ui/gradebook/gradebook.module.css";

export interface CompletionPoint {
  at: Date;
  started: number;
  completed: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function CompletionChart({ points, studentCount, dueAt, now }: { points: CompletionPoint[]; studentCount: number; dueAt: Date | null; now: Date }) {
  const width = 640;
  const height = 240;
  const pad = { left: 40, right: 16, top: 12, bottom: 30 };
  if (points.length === 0) return <p className="muted">Nobody has submitted an answer to this set yet.</p>;
  const t0 = points[0].at.getTime();
  const t1 = Math.max(now.getTime(), dueAt?.getTime() ?? 0, points[points.length - 1].at.getTime(), t0 + 3600_000);
  const yMax = Math.max(1, studentCount);
  const x = (t: number) => pad.left + ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / yMax) * (height - pad.top - pad.bottom);
  const step = (key: "started" | "completed") => {
    let d = `M ${x(t0)} ${y(0)}`;
    for (const p of points) d += ` H ${x(p.at.getTime()).toFixed(1)} V ${y(p[key]).toFixed(1)}`;
    return d + ` H ${x(t1)}`;
  };
  const last = points[points.length - 1];
  // A few daily rows for the table: the state at the end of each day with activity.
  const byDay = new Map<string, CompletionPoint>();
  for (const p of points) byDay.set(day(p.at), p);
  const ticks = [0, 0.5, 1].map((f) => Math.round(f * yMax));
  return (
    <figure className={styles.chart}>
      <figcaption>Completion over time</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Completion over time: ${last.started} of ${studentCount} students started, ${last.completed} finished every question`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className={styles.axis} />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className={styles.tick}>
              {t}
            </text>
          </g>
        ))}
        <text x={pad.left} y={height - 8} className={styles.tick}>
          {day(new Date(t0))}
        </text>
        <text x={width - pad.right} y={height - 8} textAnchor="end" className={styles.tick}>
          {day(new Date(t1))}
        </text>
        {dueAt && dueAt.getTime() >= t0 ? (
          <g>
            <title>{`Due ${dueAt.toISOString().replace("T", " ").slice(0, 16)} UTC`}</title>
            <line x1={x(dueAt.getTime())} x2={x(dueAt.getTime())} y1={pad.top} y2={height - pad.bottom} className={styles.due} />
            <text x={x(dueAt.getTime()) - 4} y={pad.top + 10} textAnchor="end" className={styles.tick}>
              due
            </text>
          </g>
        ) : null}
        <path d={step("started")} className={styles.lineStarted}>
          <title>{`Started: ${last.started} of ${studentCount}`}</title>
        </path>
        <path d={step("completed")} className={styles.lineCompleted}>
          <title>{`Finished: ${last.completed} of ${studentCount}`}</title>
        </path>
      </svg>
      <p className="small muted" style={{ margin: "0.2rem 0 0" }}>
        <span style={{ color: "#8da2d8", fontWeight: 700 }}>━</span> started ({last.started}) &nbsp;
        <span style={{ color: "var(--ok)", fontWeight: 700 }}>━</span> finished every question ({last.completed}) &nbsp;of {studentCount} students
      </p>
      <details>
        <summary>Show numbers by day</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col" className="num">
                Started
              </th>
              <th scope="col" className="num">
                Finished
              </th>
            </tr>
          </thead>
          <tbody>
            {[...byDay].map(([d, p]) => (
              <tr key={d}>
                <td>{d}</td>
                <td className="num">{p.started}</td>
                <td className="num">{p.completed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
