"use client";
import { useHydrated } from "@/app/ui/use-hydrated";
import { useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { newVariantAction, workedSolutionAction } from "@/lib/actions/solving";
import type { ActionResult } from "@/lib/actions/result";
import type { PartPresentation, SolutionPresentation, SubmitReply } from "@/lib/present/parts";
import type { PartFeedback } from "@/lib/dal/solving";
import { formatPoints } from "@/app/ui/format";
import { SOLUTION_WAITS_FOR_EARLIER_PARTS } from "@/lib/homework/policy";
import { MatrixGrid } from "@/app/ui/problem/matrix-grid";
import styles from "./solve-form.module.css";

type Answer = string | string[][];

interface Props {
  itemId: string;
  allowNewVariant: boolean;
  points: number;
  initialScore: number;
  variantId: string;
  parts: PartPresentation[];
  mistakeLabels: Record<string, string>;
  canSubmit: boolean;
  closedMessage?: string;
}

function emptyAnswer(part: PartPresentation): Answer {
  return part.kind === "matrix" ? part.rowHeaders.map(() => part.colHeaders.map(() => "")) : "";
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

/**
 * POST the answer to /api/submissions. null when the server could not be reached; a reply without the result shape
 * (a proxy's error page, a refusal) becomes a failure that says what came back.
 */
async function postAnswer(input: { variantId: string; partIndex: number; answer: Answer; idempotencyKey: string }): Promise<ActionResult<SubmitReply> | null> {
  let response: Response;
  try {
    response = await fetch("/api/submissions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(input),
      credentials: "same-origin",
    });
  } catch {
    return null;
  }
  const body = (await response.json().catch(() => null)) as (ActionResult<SubmitReply> & { error?: string }) | { error?: string } | null;
  if (response.status === 401) {
    // the session ended while the page was open: the answer is still in the box
    return { ok: false, status: 401, error: "You are signed out. Sign in again in another tab, then submit: your answer is still here and no attempt was used." };
  }
  if (body && "ok" in body) return body;
  return {
    ok: false,
    status: response.status,
    error: body?.error ?? `The server answered with an error (${response.status}). Submit again: the same answer never uses a second attempt.`,
  };
}

export function SolveForm({ itemId, allowNewVariant, points, initialScore, variantId, parts: initial, mistakeLabels, canSubmit, closedMessage }: Props) {
  const [parts, setParts] = useState(initial);
  const [score, setScore] = useState(initialScore);
  return (
    <div className={styles.parts}>
      <p className={styles.score} aria-live="polite">
        Score so far: <strong>{formatPoints(score * points)}</strong> / {formatPoints(points)} points
      </p>
      {parts.map((part) => (
        <PartCard
          key={`${variantId}-${part.index}`}
          part={part}
          variantId={variantId}
          canSubmit={canSubmit}
          closedMessage={closedMessage}
          mistakeLabels={mistakeLabels}
          onGraded={(updated, itemScore) => {
            setParts((all) => all.map((p) => (p.index === updated.index ? updated : p)));
            setScore(itemScore);
          }}
        />
      ))}
      {allowNewVariant && canSubmit && <NewVariant itemId={itemId} />}
    </div>
  );
}

function PartCard({
  part,
  variantId,
  canSubmit,
  closedMessage,
  mistakeLabels,
  onGraded,
}: {
  part: PartPresentation;
  variantId: string;
  canSubmit: boolean;
  closedMessage?: string;
  mistakeLabels: Record<string, string>;
  onGraded: (part: PartPresentation, itemScore: number) => void;
}) {
  const [answer, setAnswer] = useState<Answer>(() => (part.done ? (part.lastAnswer ?? emptyAnswer(part)) : emptyAnswer(part)));
  // One key per distinct answer: a double click or a retried request replays instead of using another attempt.
  const [key, setKey] = useState(newKey);
  const [feedback, setFeedback] = useState<PartFeedback | undefined>(part.lastFeedback);
  const [error, setError] = useState<string | null>(null);
  // not useTransition's pending: that stays true a moment after the feedback shows, and a disabled button blocks Enter
  const [busy, setBusy] = useState(false);
  const [, startTransition] = useTransition();
  const hydrated = useHydrated();
  const router = useRouter();
  const inputId = `part-${part.index}`;
  const locked = part.done || !canSubmit;

  function change(next: Answer) {
    setAnswer(next);
    setKey(newKey());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || locked) return;
    setBusy(true);
    setError(null);
    startTransition(async () => {
      const result = await postAnswer({ variantId, partIndex: part.index, answer, idempotencyKey: key });
      // cleared in the same render as the feedback, so the next Enter is never swallowed
      setBusy(false);
      if (!result) {
        setError("Could not reach the server. Your answer was not recorded; check your connection and submit again.");
        return;
      }
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setFeedback(result.data.feedback);
      onGraded(result.data.part, result.data.itemScore);
      // the submission history below is server-rendered: refresh it, outside this transition so the form is free at once
      if (result.data.graded) setTimeout(() => router.refresh(), 0);
    });
  }

  const left = part.maxAttempts - part.attemptsUsed;
  return (
    <section className={`card ${styles.part}`} aria-labelledby={`${inputId}-label`}>
      <div className={styles.partHead}>
        <h3 id={`${inputId}-label`} className={styles.partTitle}>
          <span className={styles.partNumber}>Part {part.index + 1}</span>
          <span dangerouslySetInnerHTML={{ __html: part.labelHtml }} />
        </h3>
        <span className={part.correct ? "ok" : part.done ? "bad" : "badge"}>
          {part.correct ? "✓ correct" : part.done ? "no attempts left" : `${left} of ${part.maxAttempts} attempts left`}
        </span>
      </div>
      <p className="muted small">{part.prompt}</p>
      <form onSubmit={submit} className={styles.form} noValidate>
        {part.kind === "scalar" ? (
          <div className={styles.scalarRow}>
            <label htmlFor={inputId} className="sr-only">
              Answer to part {part.index + 1}: {part.ariaLabel}
            </label>
            <input
              id={inputId}
              className={styles.input}
              value={answer as string}
              onChange={(e) => change(e.target.value)}
              inputMode="text"
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="e.g. -0.25 or 3/8"
              disabled={locked}
              aria-describedby={`${inputId}-feedback`}
            />
            <button className="btn btn-primary" disabled={busy || locked || !hydrated}>
              {busy ? "Checking…" : "Submit"}
            </button>
          </div>
        ) : (
          <MatrixInput part={part} value={answer as string[][]} onChange={change} disabled={locked} pending={busy || !hydrated} inputId={inputId} />
        )}
      </form>
      <div id={`${inputId}-feedback`} aria-live="polite" className={styles.feedbackArea}>
        {error && <p className="form-error">{error}</p>}
        {!canSubmit && !part.done && closedMessage && <p className="muted small">{closedMessage}</p>}
        {feedback && <Feedback feedback={feedback} mistakeLabels={mistakeLabels} />}
      </div>
      {part.solutionWaitsForEarlierParts && (
        <p className="muted small">{SOLUTION_WAITS_FOR_EARLIER_PARTS}</p>
      )}
      {part.solutionReady && <SolutionToggle variantId={variantId} partIndex={part.index} />}
    </section>
  );
}

/** The worked solution, loaded from the server the first time it is opened (the page does not carry it). */
function SolutionToggle({ variantId, partIndex }: { variantId: string; partIndex: number }) {
  const [solution, setSolution] = useState<SolutionPresentation | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const hydrated = useHydrated();
  const panelId = `part-${partIndex}-solution`;

  function toggle() {
    if (solution) {
      setOpen((o) => !o);
      return;
    }
    setError(null);
    startLoading(async () => {
      const result = await workedSolutionAction({ variantId, partIndex }).catch(() => null);
      if (!result) return setError("Could not reach the server. Check your connection and try again.");
      if (!result.ok) return setError(result.error);
      setSolution(result.data);
      setOpen(true);
    });
  }

  return (
    <div className={styles.solution}>
      <button type="button" className={styles.solutionToggle} onClick={toggle} disabled={loading || !hydrated} aria-expanded={open} aria-controls={panelId}>
        {loading ? "Loading the worked solution…" : open ? "Hide worked solution" : "Show worked solution"}
      </button>
      <div id={panelId}>
        {error && <p className="form-error">{error}</p>}
        {solution && open && (
          <>
            <div className="math-scroll" tabIndex={0} dangerouslySetInnerHTML={{ __html: solution.answerHtml }} />
            <ol className={styles.steps}>
              {solution.steps.map((step, i) => (
                <li key={i}>
                  <strong>{step.title}</strong>
                  <div className="math-scroll" tabIndex={0} dangerouslySetInnerHTML={{ __html: step.html }} />
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}

function Feedback({ feedback, mistakeLabels }: { feedback: PartFeedback; mistakeLabels: Record<string, string> }) {
  if (feedback.status === "invalid") {
    return (
      <p className={`${styles.feedback} ${styles.invalid}`}>
        <span className="warn">not graded</span> {feedback.message} No attempt was used.
      </p>
    );
  }
  if (feedback.status === "correct") {
    return (
      <p className={`${styles.feedback} ${styles.correct}`}>
        <span className="ok">✓ Correct</span> {feedback.message === "Correct." ? "" : feedback.message}
      </p>
    );
  }
  return (
    <div className={`${styles.feedback} ${styles.incorrect}`}>
      <p>
        <span className="bad">✗ Incorrect</span>{" "}
        {feedback.diagnosis && <strong>Diagnosis: {mistakeLabels[feedback.diagnosis.mistake] ?? feedback.diagnosis.mistake}. </strong>}
        {feedback.carriedForward && <strong>Error carried forward. </strong>}
        {feedback.message.replace(/^Incorrect\.\s*/, "")}
      </p>
      {feedback.cells && (
        <p className="small muted">
          {feedback.cells.flat().filter((c) => c.status === "correct").length} of {feedback.cells.flat().length} entries correct.
        </p>
      )}
    </div>
  );
}

function MatrixInput({
  part,
  value,
  onChange,
  disabled,
  pending,
  inputId,
}: {
  part: PartPresentation;
  value: string[][];
  onChange: (v: string[][]) => void;
  disabled: boolean;
  pending: boolean;
  inputId: string;
}) {
  return (
    <div>
      <MatrixGrid
        ariaLabel={part.ariaLabel}
        caption={`Answer to part ${part.index + 1}: ${part.ariaLabel}. Rows are units j of the receiving layer, columns are inputs k, k = 0 is the bias.`}
        rowHeaders={part.rowHeaders}
        colHeaders={part.colHeaders}
        value={value}
        onCellChange={(r, c, cell) => onChange(value.map((row, i) => (i === r ? row.map((v, j) => (j === c ? cell : v)) : row)))}
        disabled={disabled}
        firstCellId={inputId}
      />
      <button className="btn btn-primary" disabled={pending || disabled}>
        {pending ? "Checking…" : "Submit matrix"}
      </button>
    </div>
  );
}

function NewVariant({ itemId }: { itemId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={styles.newVariant}>
      <button
        type="button"
        className="btn btn-secondary"
        disabled={pending}
        onClick={() => {
          if (!window.confirm("Start a new variant with new numbers? Your best score so far is kept.")) return;
          startTransition(async () => {
            const result = await newVariantAction(itemId);
            if (!result.ok) return setError(result.error);
            router.refresh();
          });
        }}
      >
        {pending ? "Generating…" : "Try a new variant"}
      </button>
      {error && <p className="form-error">{error}</p>}
    </div>
  );
}
