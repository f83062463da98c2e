import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { fetchItemForEdit } from "@/lib/dal/problem-sets";
import { ItemForm } from "@/app/ui/instructor/item-form";
import { formatSpec } from "@/app/ui/instructor/custom-spec";
import { presetOptions, toleranceFields } from "@/app/ui/instructor/preset-options";
import styles from "@/app/ui/instructor/instructor.module.css";
import { loadForInstructorPage } from "../../../_lib/page-access";

export const metadata: Metadata = { title: "Edit question" };

/** Stored specs are compact JSON; the editor shows them one field and one part per line. */
function prettySpec(specJson: string | null): string {
  if (!specJson) return "";
  try {
    return formatSpec(JSON.parse(specJson));
  } catch {
    return specJson;
  }
}

export default async function EditItemPage({ params }: { params: Promise<{ courseId: string; itemId: string }> }) {
  const { courseId, itemId } = await params;
  const item = await loadForInstructorPage(`/teach/${courseId}/items/${itemId}`, async (user) => {
    const item = await fetchItemForEdit(user, itemId);
    if (item.courseId !== courseId) notFound();
    return item;
  });
  const tolerance = toleranceFields(item.tolerance);

  return (
    <div className={styles.page}>
      <nav className={styles.crumbs} aria-label="Breadcrumb">
        <Link href={`/teach/${courseId}/sets/${item.setId}`}>← {item.setTitle}</Link>
      </nav>
      <header className={styles.head}>
        <div>
          <p className={styles.eyebrow}>Edit question</p>
          <h1>{item.title}</h1>
        </div>
        <Link href={`/teach/${courseId}/items/${item.id}/preview`} className="btn btn-secondary">
          Preview
        </Link>
      </header>
      <div className={`card ${styles.formCard}`}>
        <ItemForm
          courseId={courseId}
          setId={item.setId}
          presets={presetOptions()}
          item={{
            id: item.id,
            title: item.title,
            preset: item.preset,
            specJson: prettySpec(item.specJson),
            points: item.points,
            toleranceMode: tolerance.mode,
            rtol: tolerance.rtol,
            atol: tolerance.atol,
            sigfigs: tolerance.sigfigs,
            maxAttempts: item.maxAttempts,
            allowNewVariant: item.allowNewVariant,
            solutionPolicy: item.solutionPolicy,
            carriedForwardPercent: Math.round(item.carriedForwardCredit * 10000) / 100,
            variantCount: item.variantCount,
            submissionCount: item.submissionCount,
          }}
        />
      </div>
    </div>
  );
}
