// CSV for spreadsheets and LMS imports: RFC 4180 quoting by csv-stringify, UTF-8 with a BOM so Excel
// reads the encoding right, and formula-injection safety: a text cell starting with =, +, -, @, tab or CR
// (or their full-width forms) gets a leading ' while numbers stay numbers.
import { stringify } from "csv-stringify/sync";

export type Cell = string | number | null;

// csv-stringify quotes a field holding the record delimiter (CRLF) but not a bare LF or CR: quote those too,
// or a name with a line break would split a row in Excel.
const OPTIONS = { escape_formulas: true, record_delimiter: "\r\n", quoted_match: /[\r\n]/ } as const;

/** One chunk of CSV text for these records (no header, no BOM). */
export function csvChunk(records: Cell[][]): string {
  if (records.length === 0) return "";
  return stringify(
    records.map((r) => r.map((c) => (c === null ? "" : c))),
    OPTIONS,
  );
}

/** The BOM and the header line. */
export function csvHead(header: string[]): string {
  return "\uFEFF" + csvChunk([header]);
}

/**
 * A byte stream of CSV that asks for the next batch of records only when the reader wants more,
 * so memory holds one batch at a time however many rows the export has.
 */
export function csvStream(header: string[], batches: AsyncIterable<Cell[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let headSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headSent) {
          headSent = true;
          controller.enqueue(encoder.encode(csvHead(header)));
          return;
        }
        try {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(csvChunk(next.value)));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 1 },
  );
}

/** Round to at most 2 decimals (Canvas's importer compares scores at 2 decimals). */
export function round2(n: number): number {
  const r = Math.round((n + Number.EPSILON) * 100) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/** A file name safe in a Content-Disposition header: letters, digits, dashes. */
export function fileSlug(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .toLowerCase()
    .slice(0, 60);
  return slug || "course";
}
