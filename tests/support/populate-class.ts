// Builds a class on DATABASE_URL through the app's data layer, for tests that drive real servers with many
// students: an instructor, a course, a published set, N students with their variant of its first question, and a
// signed-in session cookie each. Prints JSON. Usage:
//   tsx --conditions=react-server tests/support/populate-class.ts <students> <secret> [maxAttempts]
import { createCourse, joinCourse } from "@/lib/dal/courses";
import { createSetFromTemplate, fetchSet, setPublished } from "@/lib/dal/problem-sets";
import { fetchItemView } from "@/lib/dal/solving";
import { db } from "@/lib/db";
import { mintSessionCookie } from "./session-cookie";

async function main() {
  const [count, secret, maxAttempts] = process.argv.slice(2);
  const tag = Date.now().toString(36);
  const user = (name: string, i: number) => db.user.create({ data: { email: `${name}${i}-${tag}@load.invalid`, name: `${name} ${i}`, passwordHash: "x" }, select: { id: true, email: true, name: true } });
  const instructor = await user("instructor", 0);
  const course = await createCourse(instructor, "Reliability");
  const setId = (await createSetFromTemplate(instructor, course.id)).id;
  await setPublished(instructor, setId, true);
  const itemId = (await fetchSet(instructor, setId)).items[0].id;
  if (maxAttempts) await db.problemItem.update({ where: { id: itemId }, data: { maxAttempts: Number(maxAttempts) } });
  const students = [];
  for (let i = 0; i < Number(count); i++) {
    const s = await user("student", i);
    await joinCourse(s, course.joinCode!);
    const view = await fetchItemView(s, itemId);
    const cookie = await mintSessionCookie(s, secret, (row) => db.session.create({ data: row }));
    students.push({ ...s, cookie, variantId: view.variant.id, scalarParts: view.parts.filter((p) => !(p.target.kind === "grad" && !("j" in p.target))).map((p) => p.index) });
  }
  console.log(JSON.stringify({ courseId: course.id, itemId, page: `/courses/${course.id}/items/${itemId}`, students }));
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
