"use client";
// Create or edit a problem set: title, Markdown description, dates in the instructor's own time zone.
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { createSetAction, updateSetAction } from "@/lib/actions/problem-sets";
import { Markdown } from "@/app/ui/markdown";
import { a11y, FieldError, FormMessage, Hint, type FieldErrors } from "./field";
import styles from "./instructor.module.css";

export interface SetFormValues {
  id: string;
  title: string;
  description: string;
  /** ISO instants; shown as the browser's local time */
  opensAt: string | null;
  dueAt: string | null;
  lateUntil: string | null;
  latePercent: number;
  published: boolean;
}

type DateField = "opensAt" | "dueAt" | "lateUntil";

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant → the value of a datetime-local input in the browser's zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The server turns (local value, one UTC offset) into an instant. Today's offset is wrong for a date on
 * the other side of a daylight-saving change, so re-express the browser's exact instant in today's offset.
 */
function forServer(local: string, tzOffset: number): string {
  if (!local) return "";
  const instant = new Date(local); // a datetime-local value parses as local time, DST included
  if (Number.isNaN(instant.getTime())) return local; // let the server name the problem
  return new Date(instant.getTime() - tzOffset * 60_000).toISOString().slice(0, 16);
}

export function SetForm({ courseId, set }: { courseId: string; set?: SetFormValues }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [title, setTitle] = useState(set?.title ?? "");
  const [description, setDescription] = useState(set?.description ?? "");
  const [dates, setDates] = useState<Record<DateField, string>>({ opensAt: "", dueAt: "", lateUntil: "" });
  const [latePercent, setLatePercent] = useState(String(set?.latePercent ?? 0));
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);
  const [zone, setZone] = useState("");

  // Local time exists only in the browser: fill the date fields after hydration.
  const opensIso = set?.opensAt ?? null;
  const dueIso = set?.dueAt ?? null;
  const lateIso = set?.lateUntil ?? null;
  useEffect(() => {
    setDates({ opensAt: toLocalInput(opensIso), dueAt: toLocalInput(dueIso), lateUntil: toLocalInput(lateIso) });
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? "");
  }, [opensIso, dueIso, lateIso]);

  useEffect(() => {
    if (Object.keys(errors).length) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tzOffset = new Date().getTimezoneOffset();
    const input = {
      title,
      description,
      opensAt: forServer(dates.opensAt, tzOffset),
      dueAt: forServer(dates.dueAt, tzOffset),
      lateUntil: forServer(dates.lateUntil, tzOffset),
      latePercent,
      // publishing has its own button; a new set starts as a draft
      published: set?.published ?? false,
      tzOffset,
    };
    setMessage(null);
    startTransition(async () => {
      if (set) {
        const result = await updateSetAction(set.id, input);
        if (!result.ok) {
          setErrors(result.fieldErrors ?? {});
          setMessage({ tone: "bad", text: result.error });
          return;
        }
        setErrors({});
        setMessage({ tone: "ok", text: result.message ?? "Saved." });
        router.refresh();
      } else {
        const result = await createSetAction(courseId, input);
        if (!result.ok) {
          setErrors(result.fieldErrors ?? {});
          setMessage({ tone: "bad", text: result.error });
          return;
        }
        router.push(`/teach/${courseId}/sets/${result.data.id}`);
      }
    });
  }

  const dateField = (field: DateField, label: string, hint: string) => {
    const id = `set-${field}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          {...a11y(id, errors[field], true)}
          type="datetime-local"
          value={dates[field]}
          onChange={(e) => setDates((d) => ({ ...d, [field]: e.target.value }))}
        />
        <Hint id={id}>
          {hint}
          {dates[field] ? (
            <>
              {" "}
              <button type="button" className={styles.linkButton} onClick={() => setDates((d) => ({ ...d, [field]: "" }))}>
                Clear
              </button>
            </>
          ) : null}
        </Hint>
        <FieldError id={id} error={errors[field]} />
      </div>
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-busy={pending}>
      <div className="field">
        <label htmlFor="set-title">Title</label>
        <input {...a11y("set-title", errors.title)} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} autoComplete="off" />
        <FieldError id="set-title" error={errors.title} />
      </div>

      <div className="field">
        <label htmlFor="set-description">Description</label>
        <div className={styles.tabs}>
          <button type="button" className={styles.tab} aria-pressed={tab === "write"} onClick={() => setTab("write")}>
            Write
          </button>
          <button type="button" className={styles.tab} aria-pressed={tab === "preview"} onClick={() => setTab("preview")}>
            Preview
          </button>
        </div>
        <textarea
          {...a11y("set-description", errors.description, true)}
          hidden={tab !== "write"}
          rows={6}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {tab === "preview" ? (
          <div className={`${styles.preview} ${styles.prose}`} aria-label="Description preview">
            {description.trim() ? <Markdown source={description} /> : <p className="muted">Nothing to preview yet.</p>}
          </div>
        ) : null}
        <Hint id="set-description">
          Markdown: blank lines between paragraphs, <code>**bold**</code>, <code>*italic*</code>, <code>`code`</code>, lists with{" "}
          <code>-</code> or <code>1.</code>, links as <code>[text](https://…)</code>.
        </Hint>
        <FieldError id="set-description" error={errors.description} />
      </div>

      <fieldset className={styles.fieldset}>
        <legend>Dates</legend>
        <p className={styles.hint} style={{ marginTop: 0, marginBottom: "0.75rem" }}>
          In your time zone{zone ? ` (${zone})` : ""}. Students see them in theirs.
        </p>
        <div className={styles.grid2}>
          {dateField("opensAt", "Opens", "Hidden from students until then. Empty: open when published.")}
          {dateField("dueAt", "Due", "Empty: no deadline.")}
          {dateField("lateUntil", "Late submissions until", "Empty: nothing is accepted after the due date.")}
          <div className="field">
            <label htmlFor="set-latePercent">Credit for late answers (%)</label>
            <input
              {...a11y("set-latePercent", errors.latePercent, true)}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              value={latePercent}
              onChange={(e) => setLatePercent(e.target.value)}
            />
            <Hint id="set-latePercent">Share of the score kept for answers in the late period.</Hint>
            <FieldError id="set-latePercent" error={errors.latePercent} />
          </div>
        </div>
      </fieldset>

      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <FormMessage message={message} />
      <div className={styles.formActions}>
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? "Saving…" : set ? "Save changes" : "Create problem set"}
        </button>
        {!set ? <span className={styles.inlineStatus}>New sets start as drafts: add questions, then publish.</span> : null}
      </div>
    </form>
  );
}
