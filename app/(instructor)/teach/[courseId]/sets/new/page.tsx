import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fetchCourse } from "@/lib/dal/courses";
import { SetForm } from "@/app/ui/instructor/set-form";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../../../_lib/page-access";

export const metadata: Metadata = { title: "New problem set" };

export default async function NewSetPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const course = await loadForInstructorPage(`/teach/${courseId}/sets/new`, async (user) => {
    const course = await fetchCourse(user, courseId);
    if (course.role !== "instructor") notFound();
    return course;
  });

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${course.id}`}>← {course.title}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>New problem set</p>
          <h1>Create a problem set</h1>
        </div>
      </header>
      <div className={`card ${styles.formCard}`}>
        <SetForm courseId={course.id} />
      </div>
    </div>
  );
}
