// The instructor side of the data layer against a real (temporary) database, SQLite or PostgreSQL:
// who may create, change, publish and preview, and what students can and cannot see.
import { TEST_DATABASE_URL, getDb, makeUser } from "./helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { createCourse, joinCourse } from "@/lib/dal/courses";
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/dal/errors";
import {
  addItem,
  createSet,
  createSetFromTemplate,
  deleteItem,
  fetchItemForEdit,
  fetchSet,
  fetchSetsForCourse,
  setPublished,
  updateItem,
  updateSet,
} from "@/lib/dal/problem-sets";
import { fetchItemView, previewItem, submitAnswer } from "@/lib/dal/solving";
import { itemSchema, setSchema } from "@/lib/validations/problem-set";
import { scalarValue, solve, type ScalarTarget } from "@/lib/backprop";
import { EXAMPLE_SPEC } from "@/app/ui/instructor/custom-spec";
import type { UserDTO } from "@/lib/dal/users";

type Users = { teacher: UserDTO; student: UserDTO; otherTeacher: UserDTO; outsider: UserDTO };
let users: Users;
let courseId: string;
let otherCourseId: string;

const setInput = (overrides: Record<string, unknown> = {}) =>
  setSchema.parse({ title: "Homework 1", description: "Do **it**.", opensAt: "", dueAt: "", lateUntil: "", latePercent: 0, published: false, tzOffset: 0, ...overrides });

const itemInput = (overrides: Record<string, unknown> = {}) =>
  itemSchema.parse({
    title: "Q",
    preset: "question-relu",
    specJson: "",
    points: 10,
    toleranceMode: "relabs",
    rtol: 0.01,
    atol: 0.001,
    sigfigs: 3,
    maxAttempts: 3,
    allowNewVariant: true,
    solutionPolicy: "after_attempts",
    carriedForwardPercent: 50,
    ...overrides,
  });

/** The error a call rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to be refused");
}

beforeAll(async () => {
  // never the app's own database
  expect(process.env.DATABASE_URL).toBe(TEST_DATABASE_URL);
  expect(TEST_DATABASE_URL).toMatch(/test\.db$|\/chainrule_test_\w+$/);
  users = {
    teacher: await makeUser("Teacher"),
    student: await makeUser("Student"),
    otherTeacher: await makeUser("Other Teacher"),
    outsider: await makeUser("Outsider"),
  };
  const course = await createCourse(users.teacher, "Neural Networks");
  courseId = course.id;
  otherCourseId = (await createCourse(users.otherTeacher, "Another course")).id;
  await joinCourse(users.student, course.joinCode!);
});

describe("problem sets: only the course's instructors write", () => {
  it("refuses a student (403) and another course's instructor (404), and writes nothing", async () => {
    const db = await getDb();
    const before = await db.problemSet.count();
    expect(await rejection(createSet(users.student, courseId, setInput()))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(createSet(users.otherTeacher, courseId, setInput()))).toBeInstanceOf(NotFoundError);
    expect(await rejection(createSet(users.outsider, courseId, setInput()))).toBeInstanceOf(NotFoundError);
    expect(await rejection(createSetFromTemplate(users.student, courseId))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(createSetFromTemplate(users.otherTeacher, courseId))).toBeInstanceOf(NotFoundError);
    expect(await db.problemSet.count()).toBe(before);
  });

  it("lets the instructor create and update a set, and no one else update it", async () => {
    const { id } = await createSet(users.teacher, courseId, setInput({ dueAt: "2030-01-10T17:00", tzOffset: -60 }));
    const set = await fetchSet(users.teacher, id);
    expect(set.role).toBe("instructor");
    expect(set.dueAt?.toISOString()).toBe("2030-01-10T16:00:00.000Z"); // 17:00 at UTC+1

    expect(await rejection(updateSet(users.student, id, setInput({ title: "Hacked" })))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(updateSet(users.otherTeacher, id, setInput({ title: "Hacked" })))).toBeInstanceOf(NotFoundError);
    expect((await fetchSet(users.teacher, id)).title).toBe("Homework 1");

    await updateSet(users.teacher, id, setInput({ title: "Homework 1 (revised)" }));
    expect((await fetchSet(users.teacher, id)).title).toBe("Homework 1 (revised)");
  });

  it("publishes only with questions, and only by the instructor", async () => {
    const { id } = await createSet(users.teacher, courseId, setInput({ title: "Empty" }));
    expect(await rejection(setPublished(users.teacher, id, true))).toBeInstanceOf(ConflictError);
    await addItem(users.teacher, id, itemInput());
    expect(await rejection(setPublished(users.student, id, true))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(setPublished(users.otherTeacher, id, true))).toBeInstanceOf(NotFoundError);
    expect((await fetchSet(users.teacher, id)).published).toBe(false);
    await setPublished(users.teacher, id, true);
    expect((await fetchSet(users.teacher, id)).published).toBe(true);
  });
});

describe("items: only the course's instructors write and preview", () => {
  it("refuses students and other instructors for add, update, delete, edit view and preview", async () => {
    const db = await getDb();
    const { id: setId } = await createSet(users.teacher, courseId, setInput({ title: "Items" }));
    const { id: itemId } = await addItem(users.teacher, setId, itemInput({ title: "Original" }));
    await setPublished(users.teacher, setId, true);
    const items = await db.problemItem.count();

    expect(await rejection(addItem(users.student, setId, itemInput()))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(addItem(users.otherTeacher, setId, itemInput()))).toBeInstanceOf(NotFoundError);
    expect(await rejection(updateItem(users.student, itemId, itemInput({ title: "Hacked" })))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(updateItem(users.otherTeacher, itemId, itemInput({ title: "Hacked" })))).toBeInstanceOf(NotFoundError);
    expect(await rejection(deleteItem(users.student, itemId))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(deleteItem(users.otherTeacher, itemId))).toBeInstanceOf(NotFoundError);
    expect(await rejection(previewItem(users.student, itemId, 1))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(previewItem(users.otherTeacher, itemId, 1))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fetchItemForEdit(users.student, itemId))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(fetchItemForEdit(users.otherTeacher, itemId))).toBeInstanceOf(NotFoundError);

    expect(await db.problemItem.count()).toBe(items);
    expect((await fetchItemForEdit(users.teacher, itemId)).title).toBe("Original");
  });

  it("gives the instructor the editor's view: the item, its set and course, and what locks it", async () => {
    const { id: setId } = await createSet(users.teacher, courseId, setInput({ title: "Edit view" }));
    const { id: itemId } = await addItem(users.teacher, setId, itemInput({ title: "Editable", carriedForwardPercent: 25 }));
    const item = await fetchItemForEdit(users.teacher, itemId);
    expect(item).toMatchObject({ id: itemId, setId, setTitle: "Edit view", courseId, title: "Editable", carriedForwardCredit: 0.25, variantCount: 0, submissionCount: 0 });
  });

  it("previews any seed with answers and worked steps, deterministically", async () => {
    const { id: setId } = await createSet(users.teacher, courseId, setInput({ title: "Preview" }));
    const { id: itemId } = await addItem(users.teacher, setId, itemInput());
    const a = await previewItem(users.teacher, itemId, 7);
    const b = await previewItem(users.teacher, itemId, 7);
    const c = await previewItem(users.teacher, itemId, 8);
    expect(a.instance).toEqual(b.instance);
    expect(a.instance).not.toEqual(c.instance);
    expect(a.parts.length).toBeGreaterThan(0);
    for (const part of a.parts) {
      expect(part.steps.length).toBeGreaterThan(0);
      expect(part.answer).toBeDefined();
    }
  });

  it("checks a custom spec and names the problem", async () => {
    const { id: setId } = await createSet(users.teacher, courseId, setInput({ title: "Custom" }));
    const notJson = await rejection(addItem(users.teacher, setId, itemInput({ preset: "custom", specJson: "{ layers: [2, 1] " })));
    expect(notJson).toBeInstanceOf(InvalidInputError);
    expect((notJson as InvalidInputError).field).toBe("specJson");

    const badActivation = await rejection(
      addItem(users.teacher, setId, itemInput({ preset: "custom", specJson: JSON.stringify({ layers: [2, 2, 1], activations: ["relu", "swish"], loss: "half_sse" }) })),
    );
    expect(badActivation).toBeInstanceOf(InvalidInputError);
    expect((badActivation as InvalidInputError).field).toBe("specJson");
    expect((badActivation as Error).message).toMatch(/activations\[1\].*swish/);

    const { id } = await addItem(users.teacher, setId, itemInput({ preset: "custom", specJson: EXAMPLE_SPEC }));
    const item = await fetchItemForEdit(users.teacher, id);
    expect(item.preset).toBe("custom");
    expect(JSON.parse(item.specJson!).layers).toEqual([2, 2, 1]);
  });

  it("the editor's example spec generates a variant for many seeds", async () => {
    const { id: setId } = await createSet(users.teacher, courseId, setInput({ title: "Example spec" }));
    const { id } = await addItem(users.teacher, setId, itemInput({ preset: "custom", specJson: EXAMPLE_SPEC }));
    for (let seed = 0; seed < 25; seed++) {
      const preview = await previewItem(users.teacher, id, seed);
      expect(preview.parts.map((p) => p.target.kind)).toEqual(["J", "delta", "delta", "grad", "update"]);
    }
  });
});

describe("what students see", () => {
  it("hides drafts and sets that have not opened, in lists and by id", async () => {
    const draft = await createSet(users.teacher, courseId, setInput({ title: "Draft set" }));
    const { id: draftItem } = await addItem(users.teacher, draft.id, itemInput());

    const future = await createSet(users.teacher, courseId, setInput({ title: "Future set", opensAt: "2099-01-01T09:00" }));
    const { id: futureItem } = await addItem(users.teacher, future.id, itemInput());
    await setPublished(users.teacher, future.id, true);

    const open = await createSet(users.teacher, courseId, setInput({ title: "Open set" }));
    await addItem(users.teacher, open.id, itemInput());
    await setPublished(users.teacher, open.id, true);

    const seen = (await fetchSetsForCourse(users.student, courseId)).map((s) => s.title);
    expect(seen).toContain("Open set");
    expect(seen).not.toContain("Draft set");
    expect(seen).not.toContain("Future set");
    const teacherSees = (await fetchSetsForCourse(users.teacher, courseId)).map((s) => s.title);
    expect(teacherSees).toEqual(expect.arrayContaining(["Open set", "Draft set", "Future set"]));

    expect(await rejection(fetchSet(users.student, draft.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fetchSet(users.student, future.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fetchItemView(users.student, draftItem))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fetchItemView(users.student, futureItem))).toBeInstanceOf(NotFoundError);
    expect((await fetchSet(users.student, open.id)).role).toBe("student");
    // and nobody outside the course sees anything
    expect(await rejection(fetchSetsForCourse(users.otherTeacher, courseId))).toBeInstanceOf(NotFoundError);
    expect(await rejection(fetchSet(users.outsider, open.id))).toBeInstanceOf(NotFoundError);
    expect(otherCourseId).not.toBe(courseId);
  });
});

describe("the template and locks that protect students' work", () => {
  it("createSetFromTemplate makes a draft with 3 questions in order", async () => {
    const { id } = await createSetFromTemplate(users.teacher, courseId);
    const set = await fetchSet(users.teacher, id);
    expect(set.published).toBe(false);
    expect(set.items).toHaveLength(3);
    expect(set.items.map((i) => i.position)).toEqual([1, 2, 3]);
    expect(set.items.map((i) => i.preset)).toEqual(["question-relu", "question-relu-output", "deep-4-3-3-2"]);
    expect(set.maxPoints).toBe(30);
    expect(set.dueAt && set.lateUntil && set.lateUntil > set.dueAt).toBe(true);
  });

  it("updateItem refuses to change the network once a student has a variant, but allows grading changes", async () => {
    const { id: setId } = await createSetFromTemplate(users.teacher, courseId);
    await setPublished(users.teacher, setId, true);
    const [first] = (await fetchSet(users.teacher, setId)).items;

    // before any variant the network may change
    await updateItem(users.teacher, first.id, itemInput({ title: first.title, preset: "tanh-2-2-1" }));
    await updateItem(users.teacher, first.id, itemInput({ title: first.title, preset: "question-relu" }));

    await fetchItemView(users.student, first.id); // creates the student's first variant
    expect((await fetchItemForEdit(users.teacher, first.id)).variantCount).toBe(1);

    const refused = await rejection(updateItem(users.teacher, first.id, itemInput({ title: first.title, preset: "sigmoid-2-2-1" })));
    expect(refused).toBeInstanceOf(InvalidInputError);
    expect((refused as InvalidInputError).field).toBe("preset");
    const refusedCustom = await rejection(updateItem(users.teacher, first.id, itemInput({ title: first.title, preset: "custom", specJson: EXAMPLE_SPEC })));
    expect(refusedCustom).toBeInstanceOf(InvalidInputError);
    expect((await fetchItemForEdit(users.teacher, first.id)).preset).toBe("question-relu");

    await updateItem(users.teacher, first.id, itemInput({ title: "Renamed", preset: "question-relu", points: 12, maxAttempts: 5 }));
    const after = await fetchItemForEdit(users.teacher, first.id);
    expect(after).toMatchObject({ title: "Renamed", points: 12, maxAttempts: 5, preset: "question-relu" });
  });

  it("deleteItem refuses once students have submitted, and deletes otherwise", async () => {
    const db = await getDb();
    const { id: setId } = await createSetFromTemplate(users.teacher, courseId);
    await setPublished(users.teacher, setId, true);
    const [first, second] = (await fetchSet(users.teacher, setId)).items;

    const view = await fetchItemView(users.student, first.id);
    const part = view.parts[0];
    const truth = scalarValue(view.variant.instance, solve(view.variant.instance), part.target as ScalarTarget);
    const result = await submitAnswer(users.student, { variantId: view.variant.id, partIndex: 0, answer: String(truth), idempotencyKey: "delete-test-1" });
    expect(result.graded).toBe(true);
    expect((await fetchItemForEdit(users.teacher, first.id)).submissionCount).toBe(1);

    expect(await rejection(deleteItem(users.teacher, first.id))).toBeInstanceOf(ConflictError);
    expect(await db.problemItem.findUnique({ where: { id: first.id } })).not.toBeNull();
    expect(await db.submission.count({ where: { itemId: first.id } })).toBe(1);

    await deleteItem(users.teacher, second.id);
    expect(await db.problemItem.findUnique({ where: { id: second.id } })).toBeNull();
    expect((await fetchSet(users.teacher, setId)).items).toHaveLength(2);
  });
});
