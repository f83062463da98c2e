import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fetchCourse, fetchMembers } from "@/lib/dal/courses";
import { fetchSetsForCourse, TEMPLATE_SET, type SetSummaryDTO } from "@/lib/dal/problem-sets";
import { formatNumber } from "@/lib/backprop/format";
import { CopyButton } from "@/app/ui/instructor/copy-button";
import { LocalTime } from "@/app/ui/local-time";
import { AddInstructorForm, RemoveStudentButton } from "@/app/ui/instructor/people";
import { TemplateButton } from "@/app/ui/instructor/template-button";
import { plural } from "@/app/ui/instructor/labels";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../_lib/page-access";

export const metadata: Metadata = { title: "Teach" };

interface Props {
  params: Promise<{ courseId: string }>;
}

const TIMING_LABELS: Record<SetSummaryDTO["timing"], string> = {
  not_open: "not open yet",
  on_time: "open",
  late: "in the late period",
  closed: "closed",
};

export default async function CourseTeachPage({ params }: Props) {
  const { courseId } = await params;
  const { user, course, sets, members } = await loadForInstructorPage(`/teach/${courseId}`, async (user) => {
    const course = await fetchCourse(user, courseId);
    if (course.role !== "instructor") notFound();
    const [sets, members] = await Promise.all([fetchSetsForCourse(user, courseId), fetchMembers(user, courseId)]);
    return { user, course, sets, members };
  });
  const students = members.filter((m) => m.role === "student").length;

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href="/dashboard">← Dashboard</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Teaching</p>
          <h1>{course.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {plural(sets.length, "problem set")} · {plural(students, "student")}
          </p>
        </div>
        <div className={styles.actions}>
          <Link href={`/teach/${course.id}/gradebook`} className="btn btn-primary">
            Gradebook &amp; exports
          </Link>
        </div>
      </header>

      <section className={`card ${styles.joinCard}`} aria-labelledby="join-heading">
        <p className={styles.joinText} id="join-heading">
          Students join at <strong>/join</strong> with code
          <br />
          <span className={styles.joinCode} data-testid="join-code">
            {course.joinCode}
          </span>
        </p>
        <div className={styles.actions}>
          <CopyButton text={course.joinCode ?? ""} label="Copy code" />
        </div>
      </section>

      <section className={styles.section} aria-labelledby="sets-heading">
        <div className={styles.sectionHead}>
          <h2 id="sets-heading">Problem sets</h2>
          <div className={styles.actions}>
            <Link href={`/teach/${course.id}/sets/new`} className="btn btn-primary">
              New problem set
            </Link>
            <TemplateButton courseId={course.id} title={TEMPLATE_SET.title} />
          </div>
        </div>
        {sets.length === 0 ? (
          <p className={styles.empty}>
            No problem sets yet. Start from the template for a ready-made set of three questions, or build your own.
          </p>
        ) : (
          <ul className={styles.list}>
            {sets.map((set) => (
              <li key={set.id} className={styles.listItem}>
                <h3 className={styles.listTitle}>
                  <Link href={`/teach/${course.id}/sets/${set.id}`}>{set.title}</Link>
                  <span className={set.published ? styles.published : styles.draft}>{set.published ? "Published" : "Draft"}</span>
                  {set.published ? <span className={styles.inlineStatus}>{TIMING_LABELS[set.timing]}</span> : null}
                </h3>
                <dl className={styles.meta}>
                  <div>
                    <dt>Opens</dt>
                    <dd>{set.opensAt ? <LocalTime iso={set.opensAt.toISOString()} /> : "when published"}</dd>
                  </div>
                  <div>
                    <dt>Due</dt>
                    <dd>{set.dueAt ? <LocalTime iso={set.dueAt.toISOString()} /> : "no deadline"}</dd>
                  </div>
                  {set.lateUntil ? (
                    <div>
                      <dt>Late until</dt>
                      <dd>
                        <LocalTime iso={set.lateUntil.toISOString()} /> ({set.latePercent}% credit)
                      </dd>
                    </div>
                  ) : null}
                  <div>
                    <dt>Questions</dt>
                    <dd>{set.itemCount}</dd>
                  </div>
                  <div>
                    <dt>Points</dt>
                    <dd>{formatNumber(set.maxPoints)}</dd>
                  </div>
                </dl>
                {set.published ? (
                  <div className={styles.itemLinks}>
                    <Link href={`/teach/${course.id}/sets/${set.id}/analytics`} className={`btn btn-secondary ${styles.smallBtn}`} prefetch={false}>
                      Analytics
                    </Link>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={styles.section} aria-labelledby="people-heading">
        <div className={styles.sectionHead}>
          <h2 id="people-heading">People</h2>
          <span className="muted">{plural(members.length, "member")}</span>
        </div>
        <div className={styles.peopleGrid}>
          <div className={styles.tableCard}>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Role</th>
                    <th scope="col">
                      <span className="muted">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.userId}>
                      <td>
                        {m.role === "student" ? (
                          <Link href={`/teach/${course.id}/students/${m.userId}`} prefetch={false}>
                            {m.name}
                          </Link>
                        ) : (
                          m.name
                        )}
                        {m.userId === user.id ? <span className={styles.you}> (you)</span> : null}
                        <span className={styles.email}>{m.email}</span>
                      </td>
                      <td className={m.role === "instructor" ? styles.roleInstructor : undefined}>{m.role === "instructor" ? "Instructor" : "Student"}</td>
                      <td>{m.role === "student" ? <RemoveStudentButton courseId={course.id} studentId={m.userId} name={m.name} /> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="card">
            <AddInstructorForm courseId={course.id} />
          </div>
        </div>
      </section>
    </div>
  );
}
