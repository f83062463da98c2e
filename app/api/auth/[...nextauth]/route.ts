// next-auth's endpoints (sign-in, sign-out, session, CSRF token). Every POST must be same-origin with a form or JSON
// body; sign-in attempts are rate limited per account and per address.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { refuseCrossSite } from "@/lib/http/same-origin";
import { limitSignIn } from "@/lib/http/sign-in-limits";

type Context = { params: Promise<{ nextauth: string[] }> };

const handler = NextAuth(authOptions) as (request: Request, context: Context) => Promise<Response>;

export async function GET(request: Request, context: Context): Promise<Response> {
  const [action, provider] = (await context.params).nextauth;
  // next-auth answers a GET of the credentials callback with a 500; it only takes a POST
  if (action === "callback" && provider === "credentials") {
    return Response.json({ error: "Sign in with a POST from the sign-in form." }, { status: 405, headers: { Allow: "POST", "Cache-Control": "no-store" } });
  }
  return handler(request, context);
}

export async function POST(request: Request, context: Context): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  const [action, provider] = (await context.params).nextauth;
  if (action === "callback" && provider === "credentials") return limitSignIn(request, () => handler(request, context));
  return handler(request, context);
}
