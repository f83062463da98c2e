// Demo data for a first run: an instructor, three students, a simulated class of 24, a course with the template set, and answers.
// Idempotent: running it again changes nothing that exists.
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/dal/users";
import { createSetFromTemplate } from "@/lib/dal/problem-sets";
import { fetchItemView, submitAnswer } from "@/lib/dal/solving";
import { solve, scalarValue, type ScalarTarget } from "@/lib/backprop";
import { DEMO_CLASS, demoClassEmail, simulateDemoClass } from "./demo-class";

export const DEMO_PASSWORD = "chainrule-demo";
export const DEMO_INSTRUCTOR = "instructor@example.com";
export const DEMO_STUDENTS = ["student1@example.com", "student2@example.com", "student3@example.com"];
const DEMO_COURSE_TITLE = "Neural Networks (demo)";
const DEMO_JOIN_CODE = "DEMO123";

async function ensureUser(email: string, name: string, passwordHash: string) {
  return db.user.upsert({ where: { email }, create: { email, name, passwordHash }, update: {}, select: { id: true, email: true, name: true } });
}

async function main() {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const instructor = await ensureUser(DEMO_INSTRUCTOR, "Ada Instructor", passwordHash);
  const names = ["Sam Student", "Noor Student", "Lee Student"];
  const students = await Promise.all(DEMO_STUDENTS.map((email, i) => ensureUser(email, names[i], passwordHash)));

  let course = await db.course.findUnique({ where: { joinCode: DEMO_JOIN_CODE }, select: { id: true } });
  if (!course) {
    course = await db.course.create({
      data: { title: DEMO_COURSE_TITLE, joinCode: DEMO_JOIN_CODE, memberships: { create: { userId: instructor.id, role: "instructor" } } },
      select: { id: true },
    });
  }
  for (const s of students) {
    await db.membership.upsert({
      where: { userId_courseId: { userId: s.id, courseId: course.id } },
      create: { userId: s.id, courseId: course.id, role: "student" },
      update: {},
    });
  }
  let set = await db.problemSet.findFirst({ where: { courseId: course.id }, select: { id: true } });
  if (!set) {
    set = await createSetFromTemplate(instructor, course.id);
    await db.problemSet.update({ where: { id: set.id }, data: { published: true } });
  }

  // A few answers so the gradebook has something to show: student 1 right, student 2 with a sign flip.
  const first = await db.problemItem.findFirst({ where: { setId: set.id }, orderBy: { position: "asc" } });
  if (first && (await db.submission.count({ where: { itemId: first.id } })) === 0) {
    for (const [index, student] of students.slice(0, 2).entries()) {
      const view = await fetchItemView(student, first.id);
      const solution = solve(view.variant.instance);
      for (const part of view.parts.slice(0, 2)) {
        const truth = scalarValue(view.variant.instance, solution, part.target as ScalarTarget);
        const answer = index === 0 ? String(truth) : String(-truth);
        await submitAnswer(student, { variantId: view.variant.id, partIndex: part.index, answer, idempotencyKey: `seed-${student.id}-${part.index}` });
      }
    }
  }
  // A simulated class, so the gradebook, analytics and exports have real-looking data.
  const classmates = [];
  for (const [i, name] of DEMO_CLASS.entries()) {
    const user = await ensureUser(demoClassEmail(i), name, passwordHash);
    await db.membership.upsert({ where: { userId_courseId: { userId: user.id, courseId: course.id } }, create: { userId: user.id, courseId: course.id, role: "student" }, update: {} });
    classmates.push(user);
  }
  const itemIds = (await db.problemItem.findMany({ where: { setId: set.id }, orderBy: { position: "asc" }, select: { id: true } })).map((i) => i.id);
  const simulated = await simulateDemoClass(classmates, itemIds);
  if (simulated > 0) console.log(`Simulated ${simulated} answers from a class of ${classmates.length}.`);
  console.log(`Seeded demo data: course "${DEMO_COURSE_TITLE}" (join code ${DEMO_JOIN_CODE}), ${DEMO_INSTRUCTOR}, ${DEMO_STUDENTS.join(", ")} — password ${DEMO_PASSWORD}`);
}

main()
  .then(() => db.$disconnect())
  .catch(async (error) => {
    console.error(error);
    await db.$disconnect();
    process.exit(1);
  });
