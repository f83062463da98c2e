// POST /api/submissions: grade and store one answer to a part of the caller's own variant; what the question page's
// form sends. The body is the answer as JSON ({ variantId, partIndex, answer, idempotencyKey }); the reply is the
// same result shape the server actions use ({ ok: true, data } or { ok: false, status, error }) with that status.
//
// A route handler rather than a server action: answers are the hot path in the hour before a deadline, and Next's
// server-action machinery was about 15% of an answer's server CPU (two servers measured side by side, one with
// each). What the action had from Next is done here: same-origin JSON only (lib/http/same-origin), a size cap.
// The session is checked here; the caller's ownership of the variant and membership in the data layer.
import { submitAnswer } from "@/lib/dal/solving";
import { requireUser } from "@/lib/dal/session";
import { runAction, validationFailure, type ActionResult } from "@/lib/actions/result";
import { presentPart, type SubmitReply } from "@/lib/present/parts";
import { readJsonBody } from "@/lib/http/json-body";
import { refuseCrossSite } from "@/lib/http/same-origin";
import { submitSchema } from "@/lib/validations/submission";

export const dynamic = "force-dynamic";

/** Far above the largest valid answer (an 8 × 9 matrix of 800-character cells is ~60 KB). */
const MAX_BODY_BYTES = 256 * 1024;

export async function POST(request: Request): Promise<Response> {
  // The server's clock when the request arrived, before any await: the due date is judged by it, never by the client.
  const receivedAt = new Date();
  const refused = refuseCrossSite(request, ["application/json"]);
  if (refused) return refused;
  const result = await runAction<SubmitReply>(async () => {
    const user = await requireUser();
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    if (!body.ok) return { ok: false, status: body.status, error: body.error };
    const parsed = submitSchema.safeParse(body.value);
    if (!parsed.success) return validationFailure(parsed.error);
    const submitted = await submitAnswer(user, parsed.data, receivedAt);
    // The reply carries the part and the score; the form refreshes the page's history after a graded answer.
    return { ok: true, data: { feedback: submitted.feedback, graded: submitted.graded, part: presentPart(submitted.part, submitted.instance), itemScore: submitted.itemScore } };
  });
  return reply(result);
}

function reply(result: ActionResult<SubmitReply>): Response {
  return Response.json(result, { status: result.ok ? 200 : result.status, headers: { "Cache-Control": "no-store" } });
}
