// Who is signed in: a cheap authenticated endpoint (one session read) for clients, health checks and the benchmark's
// baseline. Only ever the caller's own account.
import { getCurrentUser } from "@/lib/dal/session";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Please sign in." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  return Response.json({ id: user.id, name: user.name, email: user.email }, { headers: { "Cache-Control": "no-store" } });
}
