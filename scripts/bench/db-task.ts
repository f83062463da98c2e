// The benchmark's database work, run in a child process per database (lib/db reads DATABASE_URL once, at import):
//   build <students> <items> <subs>   the class, due dates far ahead so that every set accepts answers
//   sessions <file> <secret>          a signed-in session per student and for the instructor, cookies written to <file>
//   count                             submissions stored (to check that every graded response wrote one row)
import { writeFileSync } from "node:fs";
import { buildClass } from "./class";
import { BENCH_JOIN_CODE, BENCH_TEACHER_EMAIL } from "./shape";
import { mintSessionCookie, type SessionRow } from "../../tests/support/session-cookie";

export interface BenchSessions {
  courseId: string;
  /** item ids in set and position order: item j of the builder */
  itemIds: string[];
  teacher: string;
  /** cookie of student n at index n */
  students: string[];
}

async function main() {
  const { db } = await import("@/lib/db");
  const [mode, ...args] = process.argv.slice(2);
  if (mode === "build") {
    const [students, items, subs] = args.map(Number);
    const built = await buildClass(db, { students, items, subs, firstDue: new Date(Date.UTC(2100, 0, 1)) });
    console.log(JSON.stringify({ seconds: built.seconds, submissions: built.submissions }));
  } else if (mode === "sessions") {
    const [file, secret] = args;
    const course = await db.course.findUniqueOrThrow({ where: { joinCode: BENCH_JOIN_CODE }, select: { id: true } });
    const items = await db.problemItem.findMany({ where: { set: { courseId: course.id } }, select: { id: true }, orderBy: [{ set: { dueAt: "asc" } }, { position: "asc" }] });
    const teacher = await db.user.findUniqueOrThrow({ where: { email: BENCH_TEACHER_EMAIL }, select: { id: true, email: true, name: true } });
    const students = await db.user.findMany({ where: { memberships: { some: { courseId: course.id, role: "student" } } }, select: { id: true, email: true, name: true } });
    students.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    const rows: SessionRow[] = [];
    const store = async (row: SessionRow) => rows.push(row);
    const result: BenchSessions = {
      courseId: course.id,
      itemIds: items.map((i) => i.id),
      teacher: await mintSessionCookie(teacher, secret, store),
      students: await Promise.all(students.map((s) => mintSessionCookie(s, secret, store))),
    };
    await db.session.createMany({ data: rows });
    writeFileSync(file, JSON.stringify(result));
    console.log(JSON.stringify({ sessions: rows.length }));
  } else if (mode === "count") {
    console.log(JSON.stringify({ submissions: await db.submission.count() }));
  } else {
    throw new Error(`unknown task ${mode}`);
  }
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
