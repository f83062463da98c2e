import type { HistoryEntry } from "@/lib/dal/solving";
import { LocalTime } from "@/app/ui/local-time";

/** Every graded answer the student gave to this question, across variants. */
export function History({ entries, mistakeLabels }: { entries: HistoryEntry[]; mistakeLabels: Record<string, string> }) {
  if (entries.length === 0) return null;
  return (
    <details className="card history">
      <summary>
        Your submissions ({entries.length})
      </summary>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Variant</th>
              <th scope="col">Part</th>
              <th scope="col">Answer</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i}>
                <td className="small">
                  <LocalTime iso={e.at.toISOString()} />
                </td>
                <td className="num">{e.variantNumber}</td>
                <td className="num">
                  {e.partIndex + 1}
                  <span className="muted small"> (try {e.attempt})</span>
                </td>
                <td>
                  <code className="history-answer">{e.answer}</code>
                </td>
                <td>
                  <span className={e.status === "correct" ? "ok" : "bad"}>{e.status}</span>
                  {e.late && <span className="warn"> late</span>}
                  {e.carriedForward && <span className="muted small"> carried forward</span>}
                  {e.mistake && <span className="muted small"> · {mistakeLabels[e.mistake] ?? e.mistake}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
