"use client";

import { useHydrated } from "@/app/ui/use-hydrated";
import { useId, useState, useTransition, type FormEvent } from "react";
import { checkPracticeAnswer, revealPracticeSolution } from "@/lib/actions/practice";
import type { PracticeAnswer, PracticeFeedback, RevealResult } from "@/lib/validations/practice";
import { MatrixGrid } from "@/app/ui/problem/matrix-grid";
import styles from "./practice-form.module.css";

interface PartBase {
  index: number;
  /** KaTeX HTML rendered on the server */
  labelHtml: string;
  /** plain-text name for screen readers, e.g. "δ(3)_2" */
  ariaLabel: string;
  prompt: string;
}

export type PracticePart =
  | (PartBase & { kind: "scalar" })
  | (PartBase & { kind: "matrix"; rowHeaders: string[]; colHeaders: string[] });

interface Props {
  preset: string;
  seed: number;
  parts: PracticePart[];
}

type Answers = Record<number, PracticeAnswer>;

const emptyAnswer = (part: PracticePart): PracticeAnswer =>
  part.kind === "matrix" ? part.rowHeaders.map(() => part.colHeaders.map(() => "")) : "";

export function PracticeForm({ preset, seed, parts }: Props) {
  // Answers that were graded (not invalid), sent along with later parts so carried-forward errors are recognised.
  const [graded, setGraded] = useState<Answers>({});

  function earlierFor(index: number) {
    return Object.entries(graded)
      .map(([i, answer]) => ({ partIndex: Number(i), answer }))
      .filter((e) => e.partIndex < index);
  }

  return (
    <ol className={styles.parts}>
      {parts.map((part) => (
        <li key={`${seed}-${part.index}`}>
          <PartCard
            part={part}
            preset={preset}
            seed={seed}
            earlierFor={earlierFor}
            onGraded={(answer) => setGraded((g) => ({ ...g, [part.index]: answer }))}
          />
        </li>
      ))}
    </ol>
  );
}

interface PartCardProps {
  part: PracticePart;
  preset: string;
  seed: number;
  earlierFor: (index: number) => { partIndex: number; answer: PracticeAnswer }[];
  onGraded: (answer: PracticeAnswer) => void;
}

function PartCard({ part, preset, seed, earlierFor, onGraded }: PartCardProps) {
  const id = useId();
  const [answer, setAnswer] = useState<PracticeAnswer>(() => emptyAnswer(part));
  const [feedback, setFeedback] = useState<PracticeFeedback | null>(null);
  // own flag, not the transition's pending: pending outlives the feedback by a moment, and a disabled button blocks Enter
  const [checking, setChecking] = useState(false);
  const [, startChecking] = useTransition();
  const [solution, setSolution] = useState<RevealResult | null>(null);
  const [solutionOpen, setSolutionOpen] = useState(false);
  const [revealing, startRevealing] = useTransition();
  const hydrated = useHydrated();
  // matrix cells edited since the last check lose their colour
  const [edited, setEdited] = useState<Set<string>>(() => new Set());

  const number = part.index + 1;
  const headingId = `${id}-heading`;
  const promptId = `${id}-prompt`;
  const feedbackId = `${id}-feedback`;
  const solutionId = `${id}-solution`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (checking) return;
    const submitted = answer;
    setChecking(true);
    startChecking(async () => {
      try {
        const result = await checkPracticeAnswer({ preset, seed, partIndex: part.index, answer: submitted, earlier: earlierFor(part.index) });
        setChecking(false);
        setFeedback(result);
        setEdited(new Set());
        if (result.status !== "invalid") onGraded(submitted);
      } catch {
        setChecking(false);
        setFeedback({ status: "invalid", message: "Could not reach the server. Check your connection and try again." });
      }
    });
  }

  function toggleSolution() {
    if (solution?.ok) {
      setSolutionOpen((open) => !open);
      return;
    }
    startRevealing(async () => {
      try {
        const result = await revealPracticeSolution({ preset, seed, partIndex: part.index });
        setSolution(result);
        setSolutionOpen(true);
      } catch {
        setSolution({ ok: false, message: "Could not load the solution. Try again." });
      }
    });
  }

  const cellStatus = (r: number, c: number) => {
    if (edited.has(`${r},${c}`)) return undefined;
    if (feedback?.invalidCells?.some((cell) => cell.row === r && cell.col === c)) return "invalid";
    return feedback?.cells?.[r]?.[c]?.status;
  };

  return (
    <section className={styles.part} aria-labelledby={headingId} data-status={feedback?.status ?? "unanswered"}>
      <header className={styles.partHead}>
        <h3 id={headingId} className={styles.partNumber}>
          Part {number}
        </h3>
        <div className={styles.partLabel} aria-hidden="true" dangerouslySetInnerHTML={{ __html: part.labelHtml }} />
      </header>
      <p id={promptId} className={styles.prompt}>
        {part.prompt}
      </p>

      <form className={styles.form} onSubmit={submit} noValidate>
        {part.kind === "scalar" ? (
          <div className={styles.answerRow}>
            <input
              className={styles.answer}
              type="text"
              inputMode="text"
              name={`answer-${part.index}`}
              autoComplete="off"
              autoCorrect="off"
              autoCapitalize="off"
              spellCheck={false}
              enterKeyHint="go"
              maxLength={200}
              placeholder="e.g. -0.25 or -1/4"
              aria-label={`Answer for part ${number}: ${part.ariaLabel}`}
              aria-describedby={`${promptId} ${feedbackId}`}
              aria-invalid={feedback?.status === "incorrect" || feedback?.status === "invalid" ? true : undefined}
              value={answer as string}
              onChange={(e) => setAnswer(e.target.value)}
            />
            <button type="submit" className={`btn btn-primary ${styles.check}`} disabled={checking || !hydrated}>
              {checking ? "Checking…" : "Check"}
            </button>
          </div>
        ) : (
          <>
            <MatrixGrid
              ariaLabel={part.ariaLabel}
              caption={`Answer for part ${number}: ${part.ariaLabel}. Rows are units j of the receiving layer, columns are inputs k, k = 0 is the bias.`}
              rowHeaders={part.rowHeaders}
              colHeaders={part.colHeaders}
              value={answer as string[][]}
              cellStatus={cellStatus}
              onCellChange={(r, c, value) => {
                setEdited((prev) => new Set(prev).add(`${r},${c}`));
                setAnswer((prev) => (prev as string[][]).map((row, i) => (i === r ? row.map((v, j) => (j === c ? value : v)) : row)));
              }}
            />
            <div className={styles.answerRow}>
              <button type="submit" className={`btn btn-primary ${styles.check}`} disabled={checking || !hydrated}>
                {checking ? "Checking…" : "Check matrix"}
              </button>
            </div>
          </>
        )}
      </form>

      <div id={feedbackId} aria-live="polite" className={styles.feedbackSlot}>
        {feedback ? <Feedback feedback={feedback} part={part} /> : null}
      </div>

      <div className={styles.solutionBar}>
        <button
          type="button"
          className={styles.reveal}
          onClick={toggleSolution}
          disabled={revealing || !hydrated}
          aria-expanded={solutionOpen}
          aria-controls={solutionId}
        >
          {revealing ? "Loading…" : solutionOpen ? "Hide worked solution" : "Show worked solution"}
        </button>
      </div>
      <div id={solutionId}>
        {solution && !solution.ok ? <p className={styles.solutionError}>{solution.message}</p> : null}
        {solution?.ok && solutionOpen ? <WorkedSolution result={solution} /> : null}
      </div>
    </section>
  );
}

function Feedback({ feedback, part }: { feedback: PracticeFeedback; part: PracticePart }) {
  if (feedback.status === "invalid") {
    return (
      <div className={`${styles.feedback} ${styles.invalid}`}>
        <p className={styles.verdict}>
          <span className={styles.icon} aria-hidden="true">
            !
          </span>
          Not graded
        </p>
        <p className={styles.detail}>{feedback.message}</p>
      </div>
    );
  }
  if (feedback.status === "correct") {
    return (
      <div className={`${styles.feedback} ${styles.correct}`}>
        <p className={styles.verdict}>
          <span className={styles.icon} aria-hidden="true">
            ✓
          </span>
          Correct
        </p>
        {part.kind === "matrix" ? <p className={styles.detail}>Every entry matches.</p> : null}
      </div>
    );
  }
  const detail = feedback.message.replace(/^Incorrect\.\s*/, "");
  return (
    <div className={`${styles.feedback} ${feedback.carriedForward ? styles.carried : styles.incorrect}`}>
      <p className={styles.verdict}>
        <span className={styles.icon} aria-hidden="true">
          ✗
        </span>
        {feedback.carriedForward ? "Incorrect, but consistent with your earlier work" : "Incorrect"}
      </p>
      {feedback.carriedForward ? (
        <p className={styles.detail}>
          {feedback.carriedForward.message} Fix the earlier part and this one follows.
        </p>
      ) : feedback.diagnosis ? (
        <p className={styles.detail}>
          <strong className={styles.diagnosis}>{feedback.diagnosis.message}</strong>
        </p>
      ) : detail && !feedback.cells ? (
        <p className={styles.detail}>{detail}</p>
      ) : null}
      {feedback.cells && part.kind === "matrix" ? <CellSummary feedback={feedback} part={part} /> : null}
    </div>
  );
}

function CellSummary({ feedback, part }: { feedback: PracticeFeedback; part: Extract<PracticePart, { kind: "matrix" }> }) {
  const cells = feedback.cells ?? [];
  const total = cells.reduce((n, row) => n + row.length, 0);
  const right = cells.reduce((n, row) => n + row.filter((c) => c.status === "correct").length, 0);
  // Group the wrong cells by what is wrong with them.
  const groups = new Map<string, string[]>();
  cells.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (cell.status === "correct") return;
      const where = `(${part.rowHeaders[r]}, ${part.colHeaders[c].replace(" (bias)", "")})`;
      groups.set(cell.message, [...(groups.get(cell.message) ?? []), where]);
    }),
  );
  return (
    <>
      <p className={styles.detail}>
        {right} of {total} entries correct.
      </p>
      <ul className={styles.cellList}>
        {[...groups].map(([message, where]) => (
          <li key={message}>
            <span className={styles.where}>{where.join(" ")}</span>{" "}
            {message === "Incorrect." ? "incorrect." : <strong className={styles.diagnosis}>{message}</strong>}
          </li>
        ))}
      </ul>
    </>
  );
}

function WorkedSolution({ result }: { result: Extract<RevealResult, { ok: true }> }) {
  return (
    <div className={styles.solution}>
      <p className={styles.solutionAnswer}>
        <span>Answer:</span>
        <span className={styles.answerValue}>
          {result.answerText.split("; ").map((row, i) => (
            <span key={i} className={styles.answerLine}>
              {row}
            </span>
          ))}
        </span>
      </p>
      <ol className={styles.steps}>
        {result.steps.map((step, i) => (
          <li key={i} className={styles.step}>
            <h4 className={styles.stepTitle}>{step.title}</h4>
            <div className={`${styles.stepMath} math-scroll`} tabIndex={0} dangerouslySetInnerHTML={{ __html: step.html }} />
          </li>
        ))}
      </ol>
    </div>
  );
}
