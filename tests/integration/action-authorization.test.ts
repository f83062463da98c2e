// Every server action, called by someone who may not use it, answers with a failure and changes nothing.
// The table is checked against the actions the code exports, so a new action without a row fails this test.
import { makeUser, snapshotDatabase, twoCourses } from "./helpers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
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
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { joinCourse } from "@/lib/dal/courses";
import { fetchItemView, fetchWorkedSolution, submitAnswer } from "@/lib/dal/solving";

type Actor = "anonymous" | "student" | "otherStudent" | "otherInstructor";
const ACTORS: Actor[] = ["anonymous", "student", "otherStudent", "otherInstructor"];

interface Fixture {
  courseId: string;
  setId: string;
  itemId: string;
  /** a variant that belongs to another student of the course */
  foreignVariantId: string;
  studentId: string;
}

interface Row {
  /** who must be refused; the others may legitimately succeed */
  refused: Actor[];
  call: (f: Fixture) => Promise<unknown>;
}

const itemForm = { title: "Q", preset: "question-relu", specJson: "", points: 5, toleranceMode: "relabs", rtol: 0.01, atol: 0.001, sigfigs: 3, maxAttempts: 3, allowNewVariant: true, solutionPolicy: "after_attempts", carriedForwardPercent: 50 };
const setForm = { title: "Hacked", description: "", opensAt: "", dueAt: "", lateUntil: "", latePercent: 0, tzOffset: 0, published: false };
const everyoneButInstructors: Actor[] = ["anonymous", "student", "otherStudent", "otherInstructor"];

const actions = {
  courses: () => import("@/lib/actions/courses"),
  problemSets: () => import("@/lib/actions/problem-sets"),
  solving: () => import("@/lib/actions/solving"),
  auth: () => import("@/lib/actions/auth"),
  practice: () => import("@/lib/actions/practice"),
  gradebook: () => import("@/lib/actions/gradebook"),
};

const TABLE: Record<string, Row | "public"> = {
  // public by design: anyone may sign up or practise; practice stores nothing
  signUp: "public",
  checkPracticeAnswer: "public",
  revealPracticeSolution: "public",
  createCourseAction: { refused: ["anonymous"], call: async () => (await actions.courses()).createCourseAction({ title: "Mine" }) },
  joinCourseAction: { refused: ["anonymous"], call: async () => (await actions.courses()).joinCourseAction({ joinCode: "ZZZZZZZ" }) },
  addInstructorAction: { refused: everyoneButInstructors, call: async (f) => (await actions.courses()).addInstructorAction({ courseId: f.courseId, email: "someone@test.invalid" }) },
  removeStudentAction: { refused: everyoneButInstructors, call: async (f) => (await actions.courses()).removeStudentAction({ courseId: f.courseId, studentId: f.studentId }) },
  createSetAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).createSetAction(f.courseId, setForm) },
  updateSetAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).updateSetAction(f.setId, setForm) },
  publishSetAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).publishSetAction(f.setId, false) },
  createSetFromTemplateAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).createSetFromTemplateAction(f.courseId) },
  addItemAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).addItemAction(f.setId, itemForm) },
  updateItemAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).updateItemAction(f.itemId, itemForm) },
  deleteItemAction: { refused: everyoneButInstructors, call: async (f) => (await actions.problemSets()).deleteItemAction(f.itemId) },
  overrideScoreAction: {
    refused: everyoneButInstructors,
    call: async (f) => (await actions.gradebook()).overrideScoreAction({ courseId: f.courseId, studentId: f.studentId, itemId: f.itemId, points: "1", reason: "hacked", clear: false }),
  },
  // the classmate has used up part 1's attempts, so the solution exists; it is still not anyone else's to load
  workedSolutionAction: {
    refused: ["anonymous", "student", "otherStudent", "otherInstructor"],
    call: async (f) => (await actions.solving()).workedSolutionAction({ variantId: f.foreignVariantId, partIndex: 0 }),
  },
  newVariantAction: { refused: ["anonymous", "otherStudent", "otherInstructor"], call: async (f) => (await actions.solving()).newVariantAction(f.itemId) },
};

/** The names of all exported functions of "use server" modules in lib/actions. */
function exportedActions(): string[] {
  const dir = path.resolve(__dirname, "../../lib/actions");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(path.join(dir, f), "utf8"))
    .filter((src) => /^\s*["']use server["']/.test(src))
    .flatMap((src) => [...src.matchAll(/export async function (\w+)/g)].map((m) => m[1]));
}

const users = {} as Record<Actor, UserDTO | null>;
let fixture: Fixture;

beforeAll(async () => {
  const { student, otherStudent, otherInstructor, course, setId, itemId } = await twoCourses();
  const classmate = await makeUser("Classmate");
  await joinCourse(classmate, course.joinCode!);
  const classmateView = await fetchItemView(classmate, itemId);
  for (let i = 0; i < classmateView.parts[0].maxAttempts; i++) {
    await submitAnswer(classmate, { variantId: classmateView.variant.id, partIndex: 0, answer: String(1000 + i), idempotencyKey: `classmate-${i}-0123456789` });
  }
  // the positive control: the owner may load it
  expect((await fetchWorkedSolution(classmate, classmateView.variant.id, 0)).solution.steps.length).toBeGreaterThan(0);
  fixture = { courseId: course.id, setId, itemId, foreignVariantId: classmateView.variant.id, studentId: classmate.id };
  Object.assign(users, { anonymous: null, student, otherStudent, otherInstructor });
});

describe("server action authorization", () => {
  it("has a row for every exported server action", () => {
    const exported = exportedActions();
    expect(exported.length).toBeGreaterThan(10);
    expect(exported.filter((name) => !(name in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((name) => !exported.includes(name))).toEqual([]);
  });

  for (const [name, row] of Object.entries(TABLE)) {
    if (row === "public") continue;
    for (const actor of ACTORS.filter((a) => row.refused.includes(a))) {
      it(`${name} refuses ${actor === "anonymous" ? "an anonymous caller" : `a ${actor}`} and changes nothing`, async () => {
        session.user = users[actor];
        const before = await snapshotDatabase();
        const result = (await row.call(fixture)) as { ok: boolean; status?: number };
        expect(result.ok).toBe(false);
        if (actor === "anonymous") expect(result.status).toBe(401);
        else expect([403, 404]).toContain(result.status);
        expect(await snapshotDatabase()).toBe(before);
      });
    }
  }

  it("practice actions store nothing", async () => {
    session.user = null;
    const before = await snapshotDatabase();
    const practice = await actions.practice();
    await practice.checkPracticeAnswer({ preset: "question-relu", seed: 1, partIndex: 0, answer: "1", earlier: [] });
    await practice.revealPracticeSolution({ preset: "question-relu", seed: 1, partIndex: 0 });
    expect(await snapshotDatabase()).toBe(before);
  });
});
