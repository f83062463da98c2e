import type { Metadata } from "next";
import { getCurrentUser } from "@/lib/dal/session";
import { fetchItemTitles } from "@/lib/dal/problem-sets";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MISTAKE_LABELS } from "@/lib/backprop";
import { fetchItemView, fetchMyHistory } from "@/lib/dal/solving";
import { History } from "@/app/ui/student/history";
import { presentPart } from "@/lib/present/parts";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { orNotFound } from "@/app/ui/page-errors";
import { LocalTime } from "@/app/ui/local-time";
import { ProblemStatement } from "@/app/ui/problem/problem-statement";
import { SolveForm } from "@/app/ui/student/solve-form";
import { formatPoints } from "@/app/ui/format";
import { SOLUTION_POLICY_LABELS } from "@/lib/homework/policy";

// the title needs no variant: a side-effect-free read
export async function generateMetadata({ params }: { params: Promise<{ itemId: string }> }): Promise<Metadata> {
  const user = await getCurrentUser();
  const names = user ? await fetchItemTitles(user, (await params).itemId).catch(() => null) : null;
  return { title: names ? `${names.title} · ${names.setTitle}` : "Question" };
}

export default async function ItemPage({ params }: { params: Promise<{ courseId: string; itemId: string }> }) {
  const { courseId, itemId } = await params;
  const user = await requirePageUser(`/courses/${courseId}/items/${itemId}`);
  const view = await orNotFound(fetchItemView(user, itemId));
  if (view.courseId !== courseId) notFound();
  const history = await fetchMyHistory(user, itemId);
  const instance = view.variant.instance;
  const parts = view.parts.map((p) => presentPart(p, instance));
  const canSubmit = view.timing === "on_time" || view.timing === "late";
  return (
    <article className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/courses/${courseId}/sets/${view.setId}`}>← {view.setTitle}</Link>
      </nav>
      <div className="page-head">
        <h1>{view.title}</h1>
        <span className="muted">
          {formatPoints(view.points)} points · variant {view.variant.number}
        </span>
      </div>
      <p className="muted small">
        {view.dueAt ? (
          <>
            Due <LocalTime iso={view.dueAt.toISOString()} />.{" "}
          </>
        ) : null}
        {view.timing === "late" && <span className="warn">Late: answers now earn {view.latePercent}% credit.</span>} Worked solutions appear{" "}
        {SOLUTION_POLICY_LABELS[view.solutionPolicy]}. Answers that can't be read (like <code>0.4.5</code>) are never counted as attempts.
      </p>
      <ProblemStatement instance={instance} parts={view.parts.map((p) => p.target)} />
      <section aria-labelledby="parts-heading">
        <h2 id="parts-heading">Your answers</h2>
        <SolveForm
          itemId={view.itemId}
          allowNewVariant={view.allowNewVariant}
          points={view.points}
          initialScore={view.score}
          variantId={view.variant.id}
          parts={parts}
          mistakeLabels={MISTAKE_LABELS}
          canSubmit={canSubmit}
          closedMessage={view.timing === "closed" ? "This set is closed." : view.timing === "not_open" ? "This set is not open yet." : undefined}
        />
      </section>
      <History entries={history} mistakeLabels={MISTAKE_LABELS} />
    </article>
  );
}
