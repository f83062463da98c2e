// The CSRF guard of state-changing route handlers.
import { describe, expect, it } from "vitest";
import { refuseCrossSite } from "@/lib/http/same-origin";

function post(headers: Record<string, string>): Request {
  return new Request("http://app.example/api/auth/callback/credentials", { method: "POST", headers: { host: "app.example", ...headers }, body: new TextEncoder().encode("email=a") }); // bytes: no implied Content-Type
}

describe("refuseCrossSite", () => {
  it("lets a same-origin form or JSON post through", () => {
    expect(refuseCrossSite(post({ origin: "http://app.example", "content-type": "application/x-www-form-urlencoded" }))).toBeNull();
    expect(refuseCrossSite(post({ origin: "http://app.example", "content-type": "application/json; charset=utf-8" }))).toBeNull();
  });

  it.each([
    ["a foreign origin", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" }, 403, /another site/],
    ["a look-alike origin", { origin: "http://app.example.evil.example", "content-type": "application/x-www-form-urlencoded" }, 403, /another site/],
    ["Origin: null (sandboxed frame, data: URL)", { origin: "null", "content-type": "application/x-www-form-urlencoded" }, 403, /opaque or malformed origin \("null"\)/],
    ["no Origin", { "content-type": "application/x-www-form-urlencoded" }, 403, /no Origin header/],
    ["a text/plain body (a cross-site form can send it without a preflight)", { origin: "http://app.example", "content-type": "text/plain" }, 415, /not "text\/plain"/],
    ["a multipart body", { origin: "http://app.example", "content-type": "multipart/form-data; boundary=x" }, 415, /not "multipart\/form-data"/],
    ["no Content-Type", { origin: "http://app.example" }, 415, /not missing/],
  ])("refuses %s", async (_, headers, status, message) => {
    const refusal = refuseCrossSite(post(headers as Record<string, string>));
    expect(refusal?.status).toBe(status);
    expect((await refusal!.json()).error).toMatch(message);
  });

  it("accepts the host a reverse proxy forwards and NEXTAUTH_URL's host", () => {
    expect(refuseCrossSite(post({ origin: "https://chainrule.example", "x-forwarded-host": "chainrule.example", "content-type": "application/json" }))).toBeNull();
    const saved = process.env.NEXTAUTH_URL;
    process.env.NEXTAUTH_URL = "https://public.example";
    try {
      expect(refuseCrossSite(post({ origin: "https://public.example", "content-type": "application/json" }))).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.NEXTAUTH_URL;
      else process.env.NEXTAUTH_URL = saved;
    }
  });

  it("takes only the body types a handler names", async () => {
    const form = post({ origin: "http://app.example", "content-type": "application/x-www-form-urlencoded" });
    const refusal = refuseCrossSite(form, ["application/json"]);
    expect(refusal?.status).toBe(415);
    expect((await refusal!.json()).error).toBe('Request refused: the body must be application/json, not "application/x-www-form-urlencoded".');
    expect(refuseCrossSite(post({ origin: "http://app.example", "content-type": "application/json" }), ["application/json"])).toBeNull();
  });
});
