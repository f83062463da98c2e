// Route handlers map domain errors to a status here, once, like server actions do in lib/actions/result.
import { DomainError } from "@/lib/dal/errors";

export function errorResponse(error: unknown): Response {
  if (error instanceof DomainError) {
    return Response.json({ error: error.message }, { status: error.status, headers: { "Cache-Control": "no-store" } });
  }
  console.error(error);
  return Response.json({ error: "Something went wrong on our side; please try again." }, { status: 500, headers: { "Cache-Control": "no-store" } });
}
