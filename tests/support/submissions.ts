// Post an answer over HTTP exactly as the question page's form does (POST /api/submissions, JSON), for tests and
// benchmarks that drive the real server without a browser.
import type { ActionResult } from "@/lib/actions/result";
import type { SubmitReply } from "@/lib/present/parts";

export const SUBMISSIONS_PATH = "/api/submissions";

export interface AnswerInput {
  variantId: string;
  partIndex: number;
  answer: string | string[][];
  idempotencyKey: string;
}

export interface AnswerCall {
  baseURL: string;
  input: AnswerInput;
  cookie?: string;
  /** defaults to baseURL's origin; null sends none; set a foreign one to test the CSRF check */
  origin?: string | null;
  contentType?: string;
  /** extra headers, e.g. x-middleware-subrequest */
  headers?: Record<string, string>;
}

/** The URL, headers and body of the POST the browser sends. */
export function answerRequest(call: AnswerCall): { url: string; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { accept: "application/json", "content-type": call.contentType ?? "application/json", ...call.headers };
  const origin = call.origin === undefined ? new URL(call.baseURL).origin : call.origin;
  if (origin !== null) headers.origin = origin;
  if (call.cookie) headers.cookie = call.cookie;
  return { url: new URL(SUBMISSIONS_PATH, call.baseURL).toString(), headers, body: JSON.stringify(call.input) };
}

/** The reply's result, when the body has the result shape (a refusal before the handler's work has only `error`). */
export function answerResult(body: string): ActionResult<SubmitReply> | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === "object" && "ok" in parsed ? (parsed as ActionResult<SubmitReply>) : undefined;
  } catch {
    return undefined;
  }
}

/** POST the answer; status, raw body and the parsed result. */
export async function postAnswer(call: AnswerCall): Promise<{ status: number; body: string; result: ActionResult<SubmitReply> | undefined }> {
  const { url, headers, body } = answerRequest(call);
  const response = await fetch(url, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, body: text, result: answerResult(text) };
}
