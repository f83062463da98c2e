// Horizontal bar chart as plain SVG, rendered on the server: each bar has a hover title,
// and the same numbers are in a table under "Show numbers" for screen readers and copying.
import styles from "@/app/ui/gradebook/gradebook.module.css";

export interface Bar {
  label: string;
  value: number;
  /** shown at the bar's end and in its title, e.g. "12 (41%)" */
  text: string;
}

export function BarChart({ title, bars, tone = "primary", valueHeader = "Students" }: { title: string; bars: Bar[]; tone?: "primary" | "bad"; valueHeader?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = 480;
  const barArea = width - 70;
  const rowHeight = 42;
  const height = bars.length * rowHeight + 4;
  return (
    <figure className={styles.chart}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.text}`).join(", ")}`}>
        {bars.map((b, i) => {
          const y = 2 + i * rowHeight;
          const w = (b.value / max) * barArea;
          return (
            <g key={b.label}>
              <title>{`${b.label}: ${b.text}`}</title>
              <text x={0} y={y + 13} className={styles.tick}>
                {b.label.length > 64 ? `${b.label.slice(0, 63)}…` : b.label}
              </text>
              <rect x={0} y={y + 19} width={barArea} height={15} rx={3} className={styles.barBg} />
              <rect x={0} y={y + 19} width={Math.max(w, b.value > 0 ? 2 : 0)} height={15} rx={3} className={tone === "bad" ? styles.barBad : styles.bar} />
              <text x={w + 6} y={y + 31} className={styles.value}>
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>Show numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              <th scope="col" className="num">
                {valueHeader}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <td>{b.label}</td>
                <td className="num">{b.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
