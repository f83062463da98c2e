import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fetchSet } from "@/lib/dal/problem-sets";
import { ItemForm } from "@/app/ui/instructor/item-form";
import { presetOptions } from "@/app/ui/instructor/preset-options";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../../../../../_lib/page-access";

export const metadata: Metadata = { title: "Add a question" };

export default async function NewItemPage({ params }: { params: Promise<{ courseId: string; setId: string }> }) {
  const { courseId, setId } = await params;
  const set = await loadForInstructorPage(`/teach/${courseId}/sets/${setId}/items/new`, async (user) => {
    const set = await fetchSet(user, setId);
    if (set.role !== "instructor" || set.courseId !== courseId) notFound();
    return set;
  });

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}/sets/${set.id}`}>← {set.title}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Question {set.items.length + 1}</p>
          <h1>Add a question</h1>
        </div>
      </header>
      <div className={`card ${styles.formCard}`}>
        <ItemForm courseId={courseId} setId={set.id} presets={presetOptions()} />
      </div>
    </div>
  );
}
