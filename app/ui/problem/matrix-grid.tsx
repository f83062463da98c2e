// A whole-matrix answer as a grid of text inputs: one row per unit j, one column per input k (k = 0 is the bias).
import styles from "./matrix-grid.module.css";

export type CellStatus = "correct" | "incorrect" | "invalid" | undefined;

interface Props {
  /** plain-text name of the part, for the caption and each cell's label */
  ariaLabel: string;
  caption: string;
  rowHeaders: string[];
  colHeaders: string[];
  value: string[][];
  onCellChange: (row: number, col: number, value: string) => void;
  cellStatus?: (row: number, col: number) => CellStatus;
  disabled?: boolean;
  /** id of the first cell, so a label elsewhere can point at the grid */
  firstCellId?: string;
}

export function MatrixGrid({ ariaLabel, caption, rowHeaders, colHeaders, value, onCellChange, cellStatus, disabled, firstCellId }: Props) {
  return (
    <div className={styles.gridScroll}>
      <table className={styles.grid}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" aria-label="Row" />
            {colHeaders.map((h) => {
              const [main, note] = h.split(" (");
              return (
                <th key={h} scope="col" aria-label={h}>
                  {main}
                  {note ? <span className={styles.colNote}>{note.replace(")", "")}</span> : null}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rowHeaders.map((rowHeader, r) => (
            <tr key={rowHeader}>
              <th scope="row">{rowHeader}</th>
              {colHeaders.map((colHeader, c) => {
                const status = cellStatus?.(r, c);
                return (
                  <td key={colHeader}>
                    <input
                      id={r === 0 && c === 0 ? firstCellId : undefined}
                      className={styles.cell}
                      data-status={status}
                      type="text"
                      inputMode="text"
                      autoComplete="off"
                      autoCorrect="off"
                      autoCapitalize="off"
                      spellCheck={false}
                      enterKeyHint="go"
                      maxLength={200}
                      aria-label={`${ariaLabel}, ${rowHeader}, ${colHeader}`}
                      aria-invalid={status === "incorrect" || status === "invalid" ? true : undefined}
                      value={value[r]?.[c] ?? ""}
                      onChange={(e) => onCellChange(r, c, e.target.value)}
                      disabled={disabled}
                    />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
