// The size-capped JSON body reader of route handlers.
import { describe, expect, it } from "vitest";
import { readJsonBody } from "@/lib/http/json-body";

const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request("http://app.example/api/submissions", { method: "POST", body, headers, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);

/** A body that arrives in chunks with no Content-Length, as a chunked upload does. */
function chunked(parts: string[]): ReadableStream<Uint8Array> {
  let pulled = 0;
  return new ReadableStream({
    pull(controller) {
      if (pulled < parts.length) controller.enqueue(new TextEncoder().encode(parts[pulled++]));
      else controller.close();
    },
  });
}

describe("readJsonBody", () => {
  it("parses a JSON body under the cap, whole or in chunks", async () => {
    expect(await readJsonBody(post('{"a":[1,"é"]}'), 100)).toEqual({ ok: true, value: { a: [1, "é"] } });
    expect(await readJsonBody(post(chunked(['{"a":', "[1,", '"é"]}'])), 100)).toEqual({ ok: true, value: { a: [1, "é"] } });
  });

  it("refuses a body whose declared length is over the cap without reading it", async () => {
    let pulls = 0;
    const body = new ReadableStream({ pull: (c) => void (pulls++, c.enqueue(new Uint8Array(10))) });
    expect(await readJsonBody(post(body, { "content-length": "5000" }), 1000)).toEqual({ ok: false, status: 413, error: "The request body is larger than 1 KiB." });
    expect(pulls).toBeLessThanOrEqual(1); // at most the stream's own first pull: nothing read past the header
  });

  it("stops reading a chunked body once it passes the cap", async () => {
    const parts = Array.from({ length: 100 }, () => "x".repeat(100));
    expect(await readJsonBody(post(chunked(parts)), 1000)).toEqual({ ok: false, status: 413, error: "The request body is larger than 1 KiB." });
  });

  it("says what is wrong with a missing or malformed body", async () => {
    expect(await readJsonBody(post(null), 100)).toEqual({ ok: false, status: 400, error: "The request has no body: send the answer as JSON." });
    expect(await readJsonBody(post("{variantId:"), 100)).toEqual({ ok: false, status: 400, error: "The request body is not valid JSON." });
  });
});
