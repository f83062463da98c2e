// Every route handler, called by someone who may not use it, answers with the right status and no data.
// The table is checked against the route files in app/, so a new route without a row fails this test.
import { getDb, twoCourses } from "./helpers";
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

import { fetchItemView, submitAnswer } from "@/lib/dal/solving";

type Actor = "anonymous" | "student" | "otherStudent" | "otherInstructor" | "instructor";
const EXPECTED: Record<Actor, number> = { anonymous: 401, student: 403, otherStudent: 404, otherInstructor: 404, instructor: 200 };

const ROUTES: Record<string, "public" | "self" | { call: (courseId: string, file: string) => Promise<Response>; files: string[] }> = {
  // next-auth's own endpoints: sign-in, sign-out, session, CSRF token
  "api/auth/[...nextauth]": "public",
  // the caller's own account: 401 when anonymous (tested below)
  "api/me": "self",
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

async function counts() {
  const db = await getDb();
  return [await db.submission.count(), await db.scoreOverride.count(), await db.membership.count(), await db.variant.count()];
}

beforeAll(async () => {
  const { teacher, student, otherStudent, otherInstructor, course, itemId } = await twoCourses();
  const view = await fetchItemView(student, itemId);
  await submitAnswer(student, { variantId: view.variant.id, partIndex: 0, answer: "1", idempotencyKey: "route-auth-1" });
  courseId = course.id;
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
    if (row === "public" || row === "self") continue;
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

  it("answers 404 for an unknown export", async () => {
    session.user = users.instructor;
    const { GET } = await import("@/app/(instructor)/teach/[courseId]/export/[file]/route");
    for (const file of ["grades.csv", "gradebook.xlsx", "gradebook", "..%2f.env"]) {
      const response = await GET(new Request("http://localhost/"), { params: Promise.resolve({ courseId, file }) });
      expect(response.status).toBe(404);
    }
  });
});
