import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { csvChunk, csvHead, csvStream, fileSlug, round2, type Cell } from "@/lib/export/csv";

describe("csvChunk", () => {
  it("prefixes text that a spreadsheet would run as a formula, and leaves numbers numeric", () => {
    const line = csvChunk([["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "＝1", "ok", -1.5, 0, null]]);
    const [cells] = parse(line) as string[][];
    expect(cells).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "'＝1", "ok", "-1.5", "0", ""]);
  });
  it("quotes commas, quotes and newlines (RFC 4180) and ends records with CRLF", () => {
    const line = csvChunk([['a,b', 'say "hi"', "two\nlines", "李华"]]);
    expect(line).toBe('"a,b","say ""hi""","two\nlines",李华\r\n');
  });
  it("starts the file with a UTF-8 BOM", () => {
    expect(csvHead(["A", "B"])).toBe("\uFEFFA,B\r\n");
  });
});

describe("csvStream", () => {
  it("asks for a batch only when the reader wants more", async () => {
    let produced = 0;
    async function* batches(): AsyncGenerator<Cell[][]> {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield [[i, `row ${i}`]];
      }
    }
    const reader = csvStream(["n", "text"], batches()).getReader();
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    expect(decoder.decode((await reader.read()).value)).toBe("\uFEFFn,text\r\n");
    expect(decoder.decode((await reader.read()).value)).toBe("0,row 0\r\n");
    // one batch read, at most one more buffered ahead
    expect(produced).toBeLessThanOrEqual(2);
    await reader.cancel();
    expect(produced).toBeLessThanOrEqual(3);
  });
});

describe("round2 and fileSlug", () => {
  it("rounds to 2 decimals the way a reader expects", () => {
    expect(round2(10 / 3)).toBe(3.33);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2 / 3)).toBe(0.67);
    expect(round2(-0.001)).toBe(0);
  });
  it("makes a safe file name", () => {
    expect(fileSlug('Deep Learning, "Fall" 2026 grades')).toBe("deep-learning-fall-2026-grades");
    expect(fileSlug("李华")).toBe("course");
    expect(fileSlug('a"; filename=evil.exe')).toBe("a-filenameevilexe");
  });
});
