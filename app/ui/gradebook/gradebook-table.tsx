"use client";
// The course gradebook: students × sets, sortable by any column and filterable by name or email.
// Sorting and filtering run in the browser: 1,000 students sort in a few milliseconds.
import { useDeferredValue, useMemo, useState } from "react";
import Link from "next/link";
import { formatPercent, formatPoints } from "@/app/ui/format";
import styles from "./gradebook.module.css";

export interface SheetColumn {
  id: string;
  title: string;
  maxPoints: number;
}

export interface SheetRow {
  id: string;
  name: string;
  email: string;
  /** [points, late, overridden, started] per set */
  cells: [number, boolean, boolean, boolean][];
  total: number;
}

type SortKey = { by: "name" | "email" | "total" } | { by: "set"; index: number };

const pct = (points: number, max: number) => (max > 0 ? formatPercent(points / max) : "–");

export function GradebookTable({ courseId, columns, rows, maxTotal }: { courseId: string; columns: SheetColumn[]; rows: SheetRow[]; maxTotal: number }) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<SortKey>({ by: "name" });
  const [descending, setDescending] = useState(false);
  const deferredQuery = useDeferredValue(query);

  const shown = useMemo(() => {
    const q = deferredQuery.trim().toLocaleLowerCase();
    const filtered = q ? rows.filter((r) => r.name.toLocaleLowerCase().includes(q) || r.email.toLocaleLowerCase().includes(q)) : rows;
    const value = (r: SheetRow): string | number => {
      if (sort.by === "set") return r.cells[sort.index][0];
      return sort.by === "total" ? r.total : r[sort.by];
    };
    const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
    const sorted = [...filtered].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      const c = typeof va === "number" && typeof vb === "number" ? va - vb : collator.compare(String(va), String(vb));
      return c !== 0 ? c : collator.compare(a.name, b.name);
    });
    return descending ? sorted.reverse() : sorted;
  }, [rows, deferredQuery, sort, descending]);

  const isSorted = (key: SortKey) => key.by === sort.by && (key.by !== "set" || (sort.by === "set" && key.index === sort.index));
  const toggle = (key: SortKey) => {
    if (isSorted(key)) setDescending((d) => !d);
    else {
      setSort(key);
      setDescending(key.by !== "name" && key.by !== "email"); // scores: highest first
    }
  };
  const ariaSort = (key: SortKey) => (isSorted(key) ? (descending ? "descending" : "ascending") : undefined);
  const arrow = (key: SortKey) => (isSorted(key) ? (descending ? "▼" : "▲") : "");

  const averages = columns.map((_, i) => (rows.length ? rows.reduce((s, r) => s + r.cells[i][0], 0) / rows.length : 0));
  const averageTotal = rows.length ? rows.reduce((s, r) => s + r.total, 0) / rows.length : 0;

  return (
    <div>
      <div className={styles.toolbar}>
        <label className={styles.filter}>
          Filter by name or email
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. Ada or @example.com" autoComplete="off" />
        </label>
        <p className={styles.count} aria-live="polite" data-testid="gradebook-count">
          Showing {shown.length.toLocaleString("en-US")} of {rows.length.toLocaleString("en-US")} students
        </p>
      </div>
      <div className={styles.sheetWrap} tabIndex={0} role="region" aria-label="Gradebook">
        <table className={styles.sheet} data-testid="gradebook">
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort({ by: "name" })}>
                <button type="button" className={styles.sortBtn} onClick={() => toggle({ by: "name" })}>
                  Student <span className={styles.arrow} aria-hidden="true">{arrow({ by: "name" })}</span>
                </button>
              </th>
              {columns.map((c, i) => (
                <th key={c.id} scope="col" className="num" aria-sort={ariaSort({ by: "set", index: i })}>
                  <button type="button" className={styles.sortBtn} onClick={() => toggle({ by: "set", index: i })}>
                    {c.title} <span className={styles.arrow} aria-hidden="true">{arrow({ by: "set", index: i })}</span>
                  </button>
                  <span className={styles.max}>out of {formatPoints(c.maxPoints)}</span>
                </th>
              ))}
              <th scope="col" className="num" aria-sort={ariaSort({ by: "total" })}>
                <button type="button" className={styles.sortBtn} onClick={() => toggle({ by: "total" })}>
                  Total <span className={styles.arrow} aria-hidden="true">{arrow({ by: "total" })}</span>
                </button>
                <span className={styles.max}>out of {formatPoints(maxTotal)}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/teach/${courseId}/students/${r.id}`} prefetch={false}>
                    {r.name}
                  </Link>
                  <span className={styles.email}>{r.email}</span>
                </th>
                {r.cells.map(([points, late, overridden, started], i) => (
                  <td key={columns[i].id} className="num">
                    <span className={started || overridden ? undefined : styles.notStarted}>{formatPoints(points)}</span>
                    <span className={styles.pct}>{pct(points, columns[i].maxPoints)}</span>
                    {late ? (
                      <span className={`${styles.mark} ${styles.late}`} title="Some answers came after the due date">
                        late
                      </span>
                    ) : null}
                    {overridden ? (
                      <span className={`${styles.mark} ${styles.overridden}`} title="An instructor set a score in this set">
                        edited
                      </span>
                    ) : null}
                  </td>
                ))}
                <td className="num">
                  <strong>{formatPoints(r.total)}</strong>
                  <span className={styles.pct}>{pct(r.total, maxTotal)}</span>
                </td>
              </tr>
            ))}
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 2} className="muted">
                  {rows.length === 0 ? "No students yet. Share the join code to get them in." : "No student matches that filter."}
                </td>
              </tr>
            ) : null}
          </tbody>
          {rows.length > 0 ? (
            <tfoot>
              <tr>
                <th scope="row">Class average</th>
                {averages.map((a, i) => (
                  <td key={columns[i].id} className="num">
                    {formatPoints(a)}
                    <span className={styles.pct}>{pct(a, columns[i].maxPoints)}</span>
                  </td>
                ))}
                <td className="num">
                  {formatPoints(averageTotal)}
                  <span className={styles.pct}>{pct(averageTotal, maxTotal)}</span>
                </td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <p className={styles.legend}>
        <span>
          <span className={`${styles.mark} ${styles.late}`}>late</span> some answers after the due date
        </span>
        <span>
          <span className={`${styles.mark} ${styles.overridden}`}>edited</span> a score set by an instructor
        </span>
        <span>Grey numbers: not started. Click a name for every submission.</span>
      </p>
    </div>
  );
}
