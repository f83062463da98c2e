import { notFound } from "next/navigation";
import type { Metadata } from "next";
import Link from "next/link";
import { fetchGradebook } from "@/lib/dal/gradebook";
import { fetchCourse } from "@/lib/dal/courses";
import { GradebookTable, type SheetRow } from "@/app/ui/gradebook/gradebook-table";
import { plural } from "@/app/ui/instructor/labels";
import styles from "@/app/ui/instructor/instructor.module.css";
import gb from "@/app/ui/gradebook/gradebook.module.css";
import { loadForInstructorPage } from "../../_lib/page-access";

interface Props {
  params: Promise<{ courseId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { courseId } = await params;
  const course = await loadForInstructorPage(`/teach/${courseId}/gradebook`, (user) => fetchCourse(user, courseId));
  // a student of the course gets the page's 404, and no course title in it either
  if (course.role !== "instructor") notFound();
  return { title: `Gradebook · ${course.title}` };
}

const EXPORTS = [
  { file: "gradebook.csv", title: "Gradebook", text: "One row per student: name, email, each set's points and the total. Opens in Excel, Numbers or Sheets." },
  { file: "canvas.csv", title: "Canvas import", text: "Canvas's gradebook import format with a Points Possible row. Canvas → Grades → Import." },
  { file: "submissions.csv", title: "Every submission", text: "Each graded answer: student, question, part, variant seed, answer, expected value, verdict, diagnosis, time (UTC)." },
];

export default async function GradebookPage({ params }: Props) {
  const { courseId } = await params;
  const book = await loadForInstructorPage(`/teach/${courseId}/gradebook`, (user) => fetchGradebook(user, courseId));
  const rows: SheetRow[] = book.rows.map((r) => ({
    id: r.student.id,
    name: r.student.name,
    email: r.student.email,
    cells: r.sets.map((c) => [c.points, c.late, c.overridden, c.started]),
    total: r.total,
  }));

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}`}>← {book.course.title}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Gradebook</p>
          <h1>{book.course.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {plural(book.rows.length, "student")} · {plural(book.sets.length, "published set")} · scores include late penalties and your overrides
          </p>
        </div>
      </header>

      {book.sets.length === 0 ? (
        <p className={styles.empty}>No published problem sets yet: grades appear here once a set is published.</p>
      ) : (
        <>
          <section className={styles.section} aria-labelledby="analytics-heading">
            <h2 id="analytics-heading">Where the class is stuck</h2>
            <ul className={gb.setLinks}>
              {book.sets.map((s) => (
                <li key={s.id}>
                  <Link className="btn btn-secondary" href={`/teach/${courseId}/sets/${s.id}/analytics`} prefetch={false}>
                    Analytics: {s.title}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          <section className={styles.section} aria-labelledby="grades-heading">
            <h2 id="grades-heading">Grades</h2>
            <GradebookTable courseId={courseId} columns={book.sets.map((s) => ({ id: s.id, title: s.title, maxPoints: s.maxPoints }))} rows={rows} maxTotal={book.maxTotal} />
          </section>
        </>
      )}

      <section className={styles.section} aria-labelledby="export-heading">
        <h2 id="export-heading">Download</h2>
        <ul className={gb.exports}>
          {EXPORTS.map((e) => (
            <li key={e.file}>
              <strong>{e.title}</strong>
              <p>{e.text}</p>
              <a className="btn btn-secondary" href={`/teach/${courseId}/export/${e.file}`} download>
                Download {e.file}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
