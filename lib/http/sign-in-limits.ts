// Brute-force defence for sign-in: failed attempts are limited per account and per network address, counted in the
// database so that every instance shares the count. A successful sign-in takes its attempt back.
import { hitRateLimit, refundRateLimit, type RateLimitState } from "@/lib/dal/rate-limits";
import { clientAddress } from "./client-address";

export const SIGN_IN_LIMITS = {
  /** failed attempts per email address (known or not: both answer alike) per window */
  perAccount: 10,
  /** failed attempts per network address per window: generous, since a classroom shares one address */
  perAddress: 100,
  windowSeconds: 15 * 60,
};

/** The email a sign-in request names, normalised like the sign-in schema does. */
async function requestedEmail(request: Request): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.clone().text();
  let email: unknown;
  if (type.includes("application/json")) {
    try {
      email = (JSON.parse(text) as { email?: unknown }).email;
    } catch {
      email = undefined;
    }
  } else email = new URLSearchParams(text).get("email");
  return typeof email === "string" ? email.trim().toLowerCase().slice(0, 254) : "";
}

function signedIn(response: Response): boolean {
  return response.ok && response.headers.getSetCookie().some((c) => /session-token=[^;]+/.test(c));
}

/** Run `attempt` (next-auth's credentials callback) unless this account or address is over its limit. */
export async function limitSignIn(request: Request, attempt: () => Promise<Response>, now = new Date()): Promise<Response> {
  const email = await requestedEmail(request);
  const { perAccount, perAddress, windowSeconds } = SIGN_IN_LIMITS;
  const counted: RateLimitState[] = [
    await hitRateLimit({ subject: `signin:account:${email}`, limit: perAccount, windowSeconds }, now),
    await hitRateLimit({ subject: `signin:address:${clientAddress(request.headers)}`, limit: perAddress, windowSeconds }, now),
  ];
  const refused = counted.filter((c) => !c.allowed);
  if (refused.length > 0) {
    const retryAfter = Math.max(...refused.map((c) => c.retryAfterSeconds));
    const signInPage = new URL("/signin", request.url);
    // next-auth's client reads `url` and hands the form its `error` parameter
    signInPage.searchParams.set("error", `RateLimited:${retryAfter}`);
    return Response.json(
      { error: `Too many sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`, url: signInPage.toString() },
      { status: 429, headers: { "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
    );
  }
  const response = await attempt();
  if (signedIn(response)) for (const c of counted) await refundRateLimit(c.key);
  return response;
}
