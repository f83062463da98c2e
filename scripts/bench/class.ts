// A generated class for the benchmarks, written straight to the database (no HTTP, no grading): one instructor,
// `students` students, `items` questions (question-relu, five to a set) and `subs` graded submissions per variant.
// Shared by `npm run bench` and `npm run bench:export`. Ids are predictable (student n is `u<n>`, their variant of
// item j is `u<n>-v<j>`), so a load generator can address them without reading the database.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword } from "@/lib/dal/users";
import { generateItemVariant } from "@/lib/homework/item-spec";
import { GENERATOR_VERSION } from "@/lib/backprop";
import { BENCH_JOIN_CODE, BENCH_PRESET, BENCH_TEACHER_EMAIL, CHUNK, benchSeed, benchStudentId, benchVariantId, type ClassShape } from "./shape";

/** Writes the class; returns the seconds it took and the number of submissions stored. */
export async function buildClass(db: PrismaClient, shape: ClassShape): Promise<{ seconds: number; submissions: number; courseId: string; itemIds: string[] }> {
  const { students, items, subs, firstDue } = shape;
  const started = performance.now();
  const hash = await hashPassword("bench-password");
  const teacher = await db.user.create({ data: { email: BENCH_TEACHER_EMAIL, name: "Teacher", passwordHash: hash } });
  const course = await db.course.create({ data: { title: "Bench course", joinCode: BENCH_JOIN_CODE, memberships: { create: { userId: teacher.id, role: "instructor" } } } });
  const setCount = Math.max(1, Math.round(items / 5));
  const itemRows: { id: string; preset: string; specJson: null; toleranceJson: string }[] = [];
  for (let s = 0; s < setCount; s++) {
    const set = await db.problemSet.create({ data: { courseId: course.id, title: `Homework ${s + 1}`, published: true, dueAt: new Date(firstDue.getTime() + 7 * s * 86_400_000) } });
    for (let p = 0; p < Math.ceil(items / setCount) && itemRows.length < items; p++) {
      const item = await db.problemItem.create({
        data: { setId: set.id, position: p + 1, title: `Question ${p + 1}`, preset: BENCH_PRESET, points: 10, toleranceJson: JSON.stringify({ mode: "relabs", rtol: 0.01, atol: 0.001 }) },
      });
      itemRows.push({ id: item.id, preset: item.preset, specJson: null, toleranceJson: item.toleranceJson });
    }
  }
  const expected = JSON.stringify(generateItemVariant(itemRows[0], 1).instance.x[0]);
  const t0 = Date.UTC(2026, 9, 1);
  for (let from = 0; from < students; from += CHUNK) {
    const users = Array.from({ length: Math.min(CHUNK, students - from) }, (_, i) => {
      const n = from + i;
      return { id: benchStudentId(n), email: `student${n}@bench.invalid`, name: n % 7 === 0 ? `Müller, Zoë "${n}"` : `Student ${n}`, passwordHash: hash };
    });
    await db.user.createMany({ data: users });
    await db.membership.createMany({ data: users.map((u) => ({ userId: u.id, courseId: course.id, role: "student" })) });
    const variants = users.flatMap((u, i) =>
      itemRows.map((item, j) => ({ id: benchVariantId(from + i, j), userId: u.id, itemId: item.id, number: 1, seed: benchSeed(from + i, j), generatorVersion: GENERATOR_VERSION })),
    );
    await db.variant.createMany({ data: variants });
    const submissions = variants.flatMap((v, k) =>
      Array.from({ length: subs }, (_, part) => {
        const right = (k + part) % 3 !== 0;
        return {
          variantId: v.id,
          userId: v.userId,
          itemId: v.itemId,
          partIndex: part,
          attempt: 1,
          rawAnswer: right ? "0.25" : "-0.25",
          parsedValue: right ? 0.25 : -0.25,
          expectedJson: expected,
          status: right ? "correct" : "incorrect",
          score: right ? 1 : 0,
          mistake: right ? null : "sign_flip",
          message: right ? "Correct." : "Incorrect.",
          idempotencyKey: `${v.id}-${part}`,
          createdAt: new Date(t0 + (k * subs + part) * 1000),
        };
      }),
    );
    await db.submission.createMany({ data: submissions });
    await db.itemProgress.createMany({ data: variants.map((v, k) => ({ userId: v.userId, itemId: v.itemId, score: ((k % 6) + 1) / 6, partsDone: 3, partsTotal: 6 })) });
  }
  return { seconds: (performance.now() - started) / 1000, submissions: await db.submission.count(), courseId: course.id, itemIds: itemRows.map((i) => i.id) };
}
