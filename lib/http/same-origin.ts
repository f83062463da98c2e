// CSRF defence for state-changing route handlers: only same-origin browser requests with a form or JSON body.
// (Server actions get Next's own Origin check; next-auth adds its double-submit token on top of this.)

const FORM_OR_JSON = ["application/x-www-form-urlencoded", "application/json"] as const;

/** The hosts this app answers as: the Host header (and a proxy's X-Forwarded-Host), and NEXTAUTH_URL's host. */
function ownHosts(headers: Headers): Set<string> {
  const hosts = new Set<string>();
  for (const value of [headers.get("host"), headers.get("x-forwarded-host")]) {
    for (const host of (value ?? "").split(",")) if (host.trim()) hosts.add(host.trim().toLowerCase());
  }
  const configured = process.env.NEXTAUTH_URL?.trim();
  if (configured) {
    try {
      hosts.add(new URL(configured).host.toLowerCase());
    } catch {
      // a malformed NEXTAUTH_URL is next-auth's error to report
    }
  }
  return hosts;
}

function refuse(status: 403 | 415, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * null when the request may change state; otherwise the refusal to send (nothing has been read or written).
 * `accepted` narrows the body types a handler takes (never wider than form or JSON: a cross-site page can send
 * text/plain or multipart without a CORS preflight).
 */
export function refuseCrossSite(request: Request, accepted: readonly ("application/x-www-form-urlencoded" | "application/json")[] = FORM_OR_JSON): Response | null {
  const origin = request.headers.get("origin");
  if (origin === null) return refuse(403, "Request refused: it has no Origin header, so it cannot be shown to come from this site.");
  let host: string;
  try {
    if (origin === "null") throw new Error("opaque origin");
    host = new URL(origin).host.toLowerCase();
  } catch {
    return refuse(403, `Request refused: it comes from an opaque or malformed origin (${JSON.stringify(origin.slice(0, 100))}).`);
  }
  if (!ownHosts(request.headers).has(host)) return refuse(403, "Request refused: it comes from another site.");
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!(accepted as readonly string[]).includes(type)) {
    return refuse(415, `Request refused: the body must be ${accepted.join(" or ")}, not ${type ? JSON.stringify(type) : "missing"}.`);
  }
  return null;
}
