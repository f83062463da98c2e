import type { Metadata } from "next";
import Link from "next/link";
import { fetchMyCourses } from "@/lib/dal/courses";
import { fetchSetsForCourse } from "@/lib/dal/problem-sets";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { CreateCourseForm, JoinCourseForm } from "@/app/ui/student/course-forms";
import { SetRow } from "@/app/ui/student/set-row";

export const metadata: Metadata = { title: "Your courses" };

export default async function DashboardPage() {
  const user = await requirePageUser("/dashboard");
  const courses = await fetchMyCourses(user);
  const taking = courses.filter((c) => c.role === "student");
  const teaching = courses.filter((c) => c.role === "instructor");
  const setsByCourse = await Promise.all(taking.map(async (c) => ({ course: c, sets: await fetchSetsForCourse(user, c.id) })));

  return (
    <div className="stack">
      <div className="page-head">
        <h1>Hello, {user.name}</h1>
      </div>

      {setsByCourse.map(({ course, sets }) => (
        <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`} className="card-title">
            <Link href={`/courses/${course.id}`}>{course.title}</Link>
          </h2>
          {sets.length === 0 ? <p className="muted">No problem sets yet.</p> : sets.map((set) => <SetRow key={set.id} set={set} courseId={course.id} />)}
        </section>
      ))}

      {teaching.length > 0 && (
        <section className="card" aria-labelledby="teaching">
          <h2 id="teaching" className="card-title">
            Teaching
          </h2>
          <ul className="plain-list">
            {teaching.map((c) => (
              <li key={c.id}>
                <Link href={`/teach/${c.id}`}>{c.title}</Link> <span className="badge">instructor</span>{" "}
                <span className="muted small">join code {c.joinCode}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="join">
        <h2 id="join" className="card-title">
          Join a course
        </h2>
        <JoinCourseForm />
      </section>
      <section className="card" aria-labelledby="create">
        <h2 id="create" className="card-title">
          Teach a course
        </h2>
        <p className="muted small">Create a course to publish problem sets; you become its instructor.</p>
        <CreateCourseForm />
      </section>
    </div>
  );
}
