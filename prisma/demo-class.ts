// A simulated class for the demo course, so the gradebook and analytics show something real on first run:
// two dozen students answer the template set over the last few days, right or with the catalogued
// backprop mistakes (mostly the activation derivative), through the same grading path as real students.
import { db } from "@/lib/db";
import { fetchItemView, submitAnswer } from "@/lib/dal/solving";
import { createRng } from "@/lib/backprop/prng";
import { isMatrixTarget, matrixValue, mistakeCandidates, scalarValue, solve, type ScalarTarget } from "@/lib/backprop";

export const DEMO_CLASS = [
  "Amara Okafor", "Ben Carter", "Chloé Dubois", "Dmitri Ivanov", "Elif Yılmaz", "Farah Haddad",
  "Gabriel Santos", "Hana Suzuki", "Ian O'Brien", "Jia Li", "Kwame Mensah", "Lena Fischer",
  "Mateo García", "Nia Williams", "Omar Farouk", "Priya Nair", "Quinn Taylor", "Rosa Martín",
  "Sven Lindqvist", "Tomás Novák", "Uma Patel", "Viktor Horváth", "Wen Zhang", "Yusuf Demir",
];

export function demoClassEmail(index: number): string {
  return `class${String(index + 1).padStart(2, "0")}@example.com`;
}

/** Submit a plausible history for each student; does nothing if the class already has answers. */
export async function simulateDemoClass(students: { id: string; email: string; name: string }[], itemIds: string[], now = new Date()) {
  if ((await db.submission.count({ where: { userId: { in: students.map((s) => s.id) } } })) > 0) return 0;
  const rng = createRng(20261126);
  let count = 0;
  for (const [si, student] of students.entries()) {
    const skill = 0.35 + 0.6 * rng.next(); // chance of a right first answer
    let clock = now.getTime() - (4 - 3 * rng.next()) * 24 * 3600_000; // started 1–4 days ago
    for (const [ii, itemId] of itemIds.entries()) {
      if (rng.next() < 0.12 * (ii + 1)) break; // fewer students get to the later questions
      const view = await fetchItemView(student, itemId, new Date(clock));
      const instance = view.variant.instance;
      const solution = solve(instance);
      for (const part of view.parts) {
        for (let attempt = 1; attempt <= 3; attempt++) {
          clock += (2 + 10 * rng.next()) * 60_000;
          if (clock > now.getTime()) clock = now.getTime() - 1000;
          const right = rng.next() < skill + 0.2 * (attempt - 1);
          let answer: string | string[][];
          if (isMatrixTarget(part.target)) {
            const truth = matrixValue(solution, part.target);
            answer = truth.map((row) => row.map((v) => String(Number((right ? v : -v).toPrecision(4)))));
          } else {
            const target = part.target as ScalarTarget;
            const truth = scalarValue(instance, solution, target);
            const wrongs = mistakeCandidates(instance, solution, target);
            const favourite = wrongs.find((w) => w.mistake === "missing_activation_derivative");
            const wrong = favourite && rng.next() < 0.6 ? favourite : wrongs[Math.floor(rng.next() * wrongs.length)];
            answer = String(Number((right || !wrong ? truth : wrong.value).toPrecision(4)));
          }
          const result = await submitAnswer(student, { variantId: view.variant.id, partIndex: part.index, answer, idempotencyKey: `demo-${si}-${ii}-${part.index}-${attempt}` }, new Date(clock));
          count++;
          if (result.feedback.status === "correct") break;
        }
      }
    }
  }
  return count;
}
