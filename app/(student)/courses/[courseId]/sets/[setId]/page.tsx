import type { Metadata } from "next";
import { cache } from "react";
import { getCurrentUser } from "@/lib/dal/session";
import type { UserDTO } from "@/lib/dal/users";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { fetchSet } from "@/lib/dal/problem-sets";
import { requirePageUser } from "@/app/ui/auth/require-page-user";
import { orNotFound } from "@/app/ui/page-errors";
import { LocalTime } from "@/app/ui/local-time";
import { Markdown } from "@/app/ui/markdown";
import { formatPoints } from "@/app/ui/format";

const setOf = cache((user: UserDTO, setId: string) => fetchSet(user, setId));

export async function generateMetadata({ params }: { params: Promise<{ setId: string }> }): Promise<Metadata> {
  const user = await getCurrentUser();
  const set = user ? await setOf(user, (await params).setId).catch(() => null) : null;
  return { title: set ? set.title : "Problem set" };
}

export default async function StudentSetPage({ params }: { params: Promise<{ courseId: string; setId: string }> }) {
  const { courseId, setId } = await params;
  const user = await requirePageUser(`/courses/${courseId}/sets/${setId}`);
  const set = await orNotFound(setOf(user, setId));
  if (set.courseId !== courseId) notFound();
  if (set.role === "instructor") redirect(`/teach/${courseId}/sets/${setId}`);
  const points = set.progress?.points ?? 0;
  return (
    <div className="stack">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/courses/${courseId}`}>← Course</Link>
      </nav>
      <div className="page-head">
        <h1>{set.title}</h1>
        <span className="muted">
          {formatPoints(points)} / {formatPoints(set.maxPoints)} points
        </span>
      </div>
      <p className="muted">
        {set.dueAt ? (
          <>
            Due <LocalTime iso={set.dueAt.toISOString()} />
          </>
        ) : (
          "No due date"
        )}
        {set.lateUntil && set.latePercent > 0 && (
          <>
            {" "}
            · late submissions until <LocalTime iso={set.lateUntil.toISOString()} /> earn {set.latePercent}%
          </>
        )}
        {set.timing === "late" && <span className="warn"> now late</span>}
        {set.timing === "closed" && <span className="bad"> closed</span>}
      </p>
      {set.description && (
        <section className="card">
          <Markdown source={set.description} />
        </section>
      )}
      <section className="card" aria-label="Questions">
        <ol className="item-list">
          {set.items.map((item) => {
            const score = item.progress?.score ?? 0;
            return (
              <li key={item.id} className="item-row">
                <Link href={`/courses/${courseId}/items/${item.id}`} className="set-row-title" prefetch={false}>
                  {item.title}
                </Link>
                <span className="item-score">
                  <span className="progress" aria-hidden="true">
                    <span style={{ width: `${Math.round(score * 100)}%` }} />
                  </span>
                  <span className="small muted">
                    {formatPoints(score * item.points)} / {formatPoints(item.points)} pts
                    {item.progress && item.progress.partsTotal > 0 ? ` · ${item.progress.partsDone}/${item.progress.partsTotal} parts` : ""}
                  </span>
                </span>
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
