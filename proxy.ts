// Per-request Content-Security-Policy with a fresh nonce: only the scripts Next renders with this nonce (and what
// they load, 'strict-dynamic') may run, so injected markup cannot execute script even if escaping ever failed.
// Authorization never lives here: every page, action and route handler checks the session itself.
import { NextResponse, type NextRequest } from "next/server";

const isDev = process.env.NODE_ENV === "development";

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // React's dev runtime needs eval; production does not
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // KaTeX and React set style attributes, which nonces cannot cover; styles cannot run script
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  // Next reads the nonce from the request's CSP header and puts it on the scripts it renders
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // everything but build assets, which are files, not documents
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
