import Link from "next/link";
import type { SetSummaryDTO } from "@/lib/dal/problem-sets";
import { LocalTime } from "@/app/ui/local-time";
import { formatPoints } from "@/app/ui/format";

/** One set in a student's list: title, due date, lateness, and a progress bar. */
export function SetRow({ set, courseId }: { set: SetSummaryDTO; courseId: string }) {
  const points = set.progress?.points ?? 0;
  const fraction = set.maxPoints > 0 ? points / set.maxPoints : 0;
  return (
    <div className="set-row">
      <div className="set-row-main">
        <Link href={`/courses/${courseId}/sets/${set.id}`} className="set-row-title">
          {set.title}
        </Link>
        <div className="muted small">
          {set.dueAt ? (
            <>
              Due <LocalTime iso={set.dueAt.toISOString()} />
            </>
          ) : (
            "No due date"
          )}
          {set.timing === "late" && (
            <>
              {" · "}
              <span className="warn">late: {set.latePercent}% credit{set.lateUntil ? <> until <LocalTime iso={set.lateUntil.toISOString()} /></> : null}</span>
            </>
          )}
          {set.timing === "closed" && (
            <>
              {" · "}
              <span className="bad">closed</span>
            </>
          )}
        </div>
      </div>
      <div className="set-row-progress" aria-label={`Score ${formatPoints(points)} of ${formatPoints(set.maxPoints)} points`}>
        <div className="progress" aria-hidden="true">
          <span style={{ width: `${Math.round(fraction * 100)}%` }} />
        </div>
        <div className="small muted">
          {formatPoints(points)} / {formatPoints(set.maxPoints)} pts · {set.progress?.partsDone ?? 0} parts done
        </div>
      </div>
    </div>
  );
}
