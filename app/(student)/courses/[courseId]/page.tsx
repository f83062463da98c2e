import type { Metadata } from "next";
import { cache } from "react";
import { getCurrentUser } from "@/lib/dal/session";
import type { UserDTO } from "@/lib/dal/users";
import Link from "next/link";
import { redirect } from "next/navigation";
import { fetchCourse } from "@/lib/dal/courses";
import { fetchSetsForCourse } from "@/lib/dal/problem-sets";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { orNotFound } from "@/app/ui/page-errors";
import { SetRow } from "@/app/ui/student/set-row";

const courseOf = cache((user: UserDTO, courseId: string) => fetchCourse(user, courseId));

export async function generateMetadata({ params }: { params: Promise<{ courseId: string }> }): Promise<Metadata> {
  const user = await getCurrentUser();
  const course = user ? await courseOf(user, (await params).courseId).catch(() => null) : null;
  return { title: course ? course.title : "Course" };
}

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const user = await requirePageUser(`/courses/${courseId}`);
  const course = await orNotFound(courseOf(user, courseId));
  if (course.role === "instructor") redirect(`/teach/${course.id}`);
  const sets = await fetchSetsForCourse(user, courseId);
  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/dashboard">← Courses</Link>
      </nav>
      <div className="page-head">
        <h1>{course.title}</h1>
      </div>
      <section className="card" aria-label="Problem sets">
        {sets.length === 0 ? <p className="muted">Your instructor has not published any problem sets yet.</p> : sets.map((set) => <SetRow key={set.id} set={set} courseId={courseId} />)}
      </section>
    </div>
  );
}
