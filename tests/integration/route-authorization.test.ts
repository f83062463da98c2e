// Every route handler, called by someone who may not use it, answers with the right status and no data.
// The table is checked against the route files in app/, so a new route without a row fails this test.
import { getDb, makeUser, twoCourses } from "./helpers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { UserDTO } from "@/lib/dal/users";

const session = vi.hoisted(() => ({ user: null as UserDTO | null }));
vi.mock("@/lib/dal/session", async () => {
  const { UnauthenticatedError } = await import("@/lib/dal/errors");
  return {
    getCurrentUser: async () => session.user,
    requireUser: async () => {
      if (!session.user) throw new UnauthenticatedError();
      return session.user;
    },
  };
});

import { joinCourse } from "@/lib/dal/courses";
import { fetchItemView, submitAnswer } from "@/lib/dal/solving";

type Actor = "anonymous" | "student" | "otherStudent" | "otherInstructor" | "instructor";
const EXPECTED: Record<Actor, number> = { anonymous: 401, student: 403, otherStudent: 404, otherInstructor: 404, instructor: 200 };

const ROUTES: Record<string, "public" | "self" | "own variant" | { call: (courseId: string, file: string) => Promise<Response>; files: string[] }> = {
  // next-auth's own endpoints: sign-in, sign-out, session, CSRF token
  "api/auth/[...nextauth]": "public",
  // the caller's own account: 401 when anonymous (tested below)
  "api/me": "self",
  // an answer to one of the caller's own variants: tested below with a classmate's variant
  "api/submissions": "own variant",
  "teach/[courseId]/export/[file]": {
    files: ["gradebook.csv", "canvas.csv", "submissions.csv"],
    call: async (courseId, file) => {
      const { GET } = await import("@/app/(instructor)/teach/[courseId]/export/[file]/route");
      return GET(new Request(`http://localhost/teach/${courseId}/export/${file}`), { params: Promise.resolve({ courseId, file }) });
    },
  },
};

/** Route handler files under app/, as URL patterns (route groups dropped). */
function routeFiles(dir = path.resolve(__dirname, "../../app"), prefix: string[] = []): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeFiles(full, /^\(.*\)$/.test(name) ? prefix : [...prefix, name]));
    else if (/^route\.(ts|tsx|js)$/.test(name)) out.push(prefix.join("/"));
  }
  return out;
}

const users = {} as Record<Actor, UserDTO | null>;
let courseId: string;
/** a student of the course and one of their variants, which nobody else may answer */
let classmate: UserDTO;
let classmateVariantId: string;

async function counts() {
  const db = await getDb();
  return [await db.submission.count(), await db.scoreOverride.count(), await db.membership.count(), await db.variant.count()];
}

beforeAll(async () => {
  const { teacher, student, otherStudent, otherInstructor, course, itemId } = await twoCourses();
  const view = await fetchItemView(student, itemId);
  await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: "1", idempotencyKey: "route-auth-1" });
  courseId = course.id;
  classmate = await makeUser("Classmate");
  await joinCourse(classmate, course.joinCode!);
  classmateVariantId = (await fetchItemView(classmate, itemId)).variant.id;
  Object.assign(users, { anonymous: null, student, otherStudent, otherInstructor, instructor: teacher });
});

describe("route handler authorization", () => {
  it("has a row for every route handler", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(1);
    expect(files.filter((f) => !(f in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !files.includes(r))).toEqual([]);
  });

  for (const [route, row] of Object.entries(ROUTES)) {
    if (typeof row === "string") continue;
    for (const file of row.files) {
      for (const actor of Object.keys(EXPECTED) as Actor[]) {
        it(`${route.replace("[file]", file)} answers ${EXPECTED[actor]} to ${actor === "anonymous" ? "an anonymous caller" : `a ${actor}`}`, async () => {
          session.user = users[actor];
          const before = await counts();
          const response = await row.call(courseId, file);
          expect(response.status).toBe(EXPECTED[actor]);
          const body = await response.text();
          if (actor === "instructor") {
            expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
            expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="course-a-[a-z]+-\d{4}-\d{2}-\d{2}\.csv"$/);
            expect(response.headers.get("cache-control")).toBe("no-store");
          } else {
            // no CSV, no names: just the error
            expect(response.headers.get("content-type")).toMatch(/^application\/json/);
            expect(body).not.toContain("@test.invalid");
            expect(body).not.toContain("Student");
          }
          expect(await counts()).toEqual(before);
        });
      }
    }
  }

  it("api/me answers 401 to an anonymous caller and only ever the caller's own account", async () => {
    const { GET } = await import("@/app/api/me/route");
    session.user = null;
    const anonymous = await GET();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Please sign in." });
    for (const actor of ["student", "otherStudent", "otherInstructor", "instructor"] as const) {
      session.user = users[actor];
      const response = await GET();
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ id: users[actor]!.id, name: users[actor]!.name, email: users[actor]!.email });
    }
  });

  /** POST /api/submissions as the question page's form sends it, with overridable headers and body. */
  async function postAnswer(headers: Record<string, string> = {}, body?: string) {
    const { POST } = await import("@/app/api/submissions/route");
    const answer = { variantId: classmateVariantId, partIndex: 0, answer: "1", idempotencyKey: `route-auth-${Math.random()}` };
    return POST(
      new Request("http://app.test/api/submissions", {
        method: "POST",
        headers: { host: "app.test", origin: "http://app.test", "content-type": "application/json", ...headers },
        body: body ?? JSON.stringify(answer),
      }),
    );
  }

  for (const actor of Object.keys(EXPECTED) as Actor[]) {
    const status = actor === "anonymous" ? 401 : 404;
    it(`api/submissions answers ${status} to ${actor === "anonymous" ? "an anonymous caller" : `a ${actor}`} on a classmate's variant, and stores nothing`, async () => {
      session.user = users[actor];
      const before = await counts();
      const response = await postAnswer();
      expect(response.status).toBe(status);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const body = (await response.json()) as { ok: boolean; status: number; error: string };
      expect(body).toMatchObject({ ok: false, status });
      // nothing of the variant: no instance, no part, no feedback
      expect(Object.keys(body).sort()).toEqual(["error", "ok", "status"]);
      expect(await counts()).toEqual(before);
    });
  }

  it("api/submissions grades the owner's answer (the positive control of the refusals above)", async () => {
    session.user = classmate;
    const before = await counts();
    const response = await postAnswer();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, data: { graded: true, part: { index: 0, attemptsUsed: 1 } } });
    expect((await counts())[0]).toBe(before[0] + 1);
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.example" }, 403],
    ["Origin: null", { origin: "null" }, 403],
    ["a text/plain body", { "content-type": "text/plain" }, 415],
    ["a form body", { "content-type": "application/x-www-form-urlencoded" }, 415],
  ])("api/submissions refuses %s from the owner, and stores nothing", async (_, headers, status) => {
    session.user = classmate;
    const before = await counts();
    const response = await postAnswer(headers);
    expect(response.status).toBe(status);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["a body that is not JSON", "{variantId:", 400, /not valid JSON/],
    ["a body over 256 KiB", JSON.stringify({ pad: "x".repeat(300 * 1024) }), 413, /larger than 256 KiB/],
    ["an answer with a field the form never sends", JSON.stringify({ variantId: "v", partIndex: 0, answer: "1", idempotencyKey: "k".repeat(8), at: "2020-01-01" }), 422, /fix/],
  ])("api/submissions answers %s with %i and a reason, and stores nothing", async (_, body, status, message) => {
    session.user = classmate;
    const before = await counts();
    const response = await postAnswer({}, body);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it("answers 404 for an unknown export", async () => {
    session.user = users.instructor;
    const { GET } = await import("@/app/(instructor)/teach/[courseId]/export/[file]/route");
    for (const file of ["grades.csv", "gradebook.xlsx", "gradebook", "..%2f.env"]) {
      const response = await GET(new Request("http://localhost/"), { params: Promise.resolve({ courseId, file }) });
      expect(response.status).toBe(404);
    }
  });
});
