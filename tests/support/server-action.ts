// Call a server action over HTTP exactly as the browser does (POST to a page with the Next-Action header and the
// arguments as a JSON reply), for tests and benchmarks that drive the real server without a browser.
import { readFileSync } from "node:fs";
import path from "node:path";

type Manifest = { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

/** The build's id of an exported server action, e.g. actionId("submitAnswerAction"). Needs `next build` first. */
export function actionId(exportedName: string, root = process.cwd()): string {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as Manifest;
  const ids = Object.entries(manifest.node).filter(([, v]) => v.exportedName === exportedName).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one server action named ${exportedName} in the build, found ${ids.length}`);
  return ids[0];
}

export interface ActionCall {
  baseURL: string;
  /** a page that uses the action, e.g. /courses/<id>/items/<id> */
  page: string;
  id: string;
  args: unknown[];
  cookie?: string;
  /** defaults to baseURL's origin; set a foreign one to test the CSRF check */
  origin?: string | null;
  contentType?: string;
}

/** The headers and body of the POST the browser sends. */
export function actionRequest(call: ActionCall): { url: string; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {
    accept: "text/x-component",
    "next-action": call.id,
    "content-type": call.contentType ?? "text/plain;charset=UTF-8",
  };
  const origin = call.origin === undefined ? new URL(call.baseURL).origin : call.origin;
  if (origin !== null) headers.origin = origin;
  if (call.cookie) headers.cookie = call.cookie;
  return { url: new URL(call.page, call.baseURL).toString(), headers, body: JSON.stringify(call.args) };
}

/** The action's return value from an RSC response (the row whose id the first row's "a" points at). */
export function actionResult<T>(rsc: string): T | undefined {
  const rows = new Map<string, string>();
  for (const line of rsc.split("\n")) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1], match[2]);
  }
  const head = rows.get("0");
  if (!head) return undefined;
  const pointer = (JSON.parse(head) as { a?: string }).a;
  const ref = typeof pointer === "string" && pointer.startsWith("$@") ? rows.get(pointer.slice(2)) : undefined;
  return ref === undefined ? undefined : (JSON.parse(ref) as T);
}

/** POST the action; status, raw body and the parsed return value. */
export async function callAction<T>(call: ActionCall): Promise<{ status: number; body: string; result: T | undefined }> {
  const { url, headers, body } = actionRequest(call);
  const response = await fetch(url, { method: "POST", headers, body, redirect: "manual" });
  const text = await response.text();
  return { status: response.status, body: text, result: response.ok ? actionResult<T>(text) : undefined };
}
