"use client";
// Add or edit one question: its network (a preset or a custom JSON spec) and its grading policy.
import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { addItemAction, deleteItemAction, updateItemAction } from "@/lib/actions/problem-sets";
import { SOLUTION_POLICIES, SOLUTION_POLICY_LABELS, type SolutionPolicy } from "@/lib/homework/policy";
import { EXAMPLE_SPEC, PART_KINDS, SPEC_ACTIVATIONS, SPEC_LOSSES } from "./custom-spec";
import { a11y, FieldError, FormMessage, Hint, type FieldErrors } from "./field";
import styles from "./instructor.module.css";

export interface PresetOption {
  name: string;
  title: string;
  description: string;
  /** e.g. "2-3-2 · ReLU, linear" */
  network: string;
  tolerance: { mode: "relabs" | "sigfig"; rtol: number; atol: number; sigfigs: number };
}

export interface ItemFormValues {
  id: string;
  title: string;
  preset: string;
  specJson: string;
  points: number;
  toleranceMode: "relabs" | "sigfig";
  rtol: number;
  atol: number;
  sigfigs: number;
  maxAttempts: number;
  allowNewVariant: boolean;
  solutionPolicy: SolutionPolicy;
  carriedForwardPercent: number;
  variantCount: number;
  submissionCount: number;
}

interface Props {
  courseId: string;
  setId: string;
  presets: PresetOption[];
  item?: ItemFormValues;
}

type Values = Omit<ItemFormValues, "id" | "variantCount" | "submissionCount" | "points" | "rtol" | "atol" | "sigfigs" | "maxAttempts" | "carriedForwardPercent"> & {
  points: string;
  rtol: string;
  atol: string;
  sigfigs: string;
  maxAttempts: string;
  carriedForwardPercent: string;
};

function initialValues(presets: PresetOption[], item?: ItemFormValues): Values {
  if (item) {
    return {
      ...item,
      points: String(item.points),
      rtol: String(item.rtol),
      atol: String(item.atol),
      sigfigs: String(item.sigfigs),
      maxAttempts: String(item.maxAttempts),
      carriedForwardPercent: String(item.carriedForwardPercent),
      specJson: item.specJson || EXAMPLE_SPEC,
    };
  }
  const first = presets[0];
  return {
    title: "",
    preset: first.name,
    specJson: EXAMPLE_SPEC,
    points: "10",
    toleranceMode: first.tolerance.mode,
    rtol: String(first.tolerance.rtol),
    atol: String(first.tolerance.atol),
    sigfigs: String(first.tolerance.sigfigs),
    maxAttempts: "3",
    allowNewVariant: true,
    solutionPolicy: "after_attempts",
    carriedForwardPercent: "50",
  };
}

export function ItemForm({ courseId, setId, presets, item }: Props) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [deleting, startDelete] = useTransition();
  const [values, setValues] = useState<Values>(() => initialValues(presets, item));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ tone: "ok" | "bad"; text: string } | null>(null);
  const networkLocked = (item?.variantCount ?? 0) > 0;
  const selected = presets.find((p) => p.name === values.preset);
  const busy = pending || deleting;

  useEffect(() => {
    if (Object.keys(errors).length) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  function choosePreset(name: string) {
    const preset = presets.find((p) => p.name === name);
    setValues((v) => ({
      ...v,
      preset: name,
      // a new question takes the tolerance suited to its network's numbers; an existing one keeps its own
      ...(preset && !item
        ? { toleranceMode: preset.tolerance.mode, rtol: String(preset.tolerance.rtol), atol: String(preset.tolerance.atol), sigfigs: String(preset.tolerance.sigfigs) }
        : {}),
    }));
  }

  function fail(result: { error: string; fieldErrors?: Record<string, string> }) {
    const fields = result.fieldErrors ?? {};
    setErrors(fields);
    // the field's own message sits next to it; down here, just point there
    setMessage({ tone: "bad", text: Object.keys(fields).some((k) => k !== "form") ? "Please fix the highlighted fields." : result.error });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { ...values, specJson: values.preset === "custom" ? values.specJson : "" };
    setMessage(null);
    startTransition(async () => {
      if (item) {
        const result = await updateItemAction(item.id, input);
        if (!result.ok) return fail(result);
        setErrors({});
        setMessage({ tone: "ok", text: result.message ?? "Saved." });
        router.refresh();
      } else {
        const result = await addItemAction(setId, input);
        if (!result.ok) return fail(result);
        router.push(`/teach/${courseId}/sets/${setId}?added=${encodeURIComponent(result.data.id)}`);
      }
    });
  }

  function remove() {
    if (!item) return;
    if (!window.confirm(`Delete the question “${values.title || item.title}”? This cannot be undone.`)) return;
    setMessage(null);
    startDelete(async () => {
      const result = await deleteItemAction(item.id);
      if (!result.ok) {
        setMessage({ tone: "bad", text: result.error });
        return;
      }
      router.push(`/teach/${courseId}/sets/${setId}?deleted=1`);
    });
  }

  const numberField = (key: "points" | "rtol" | "atol" | "sigfigs" | "maxAttempts" | "carriedForwardPercent", label: string, hint: string, attrs: { min?: number; max?: number; step?: number | "any" }) => {
    const id = `item-${key}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input {...a11y(id, errors[key], true)} type="number" inputMode="decimal" {...attrs} value={values[key]} onChange={(e) => set(key, e.target.value)} />
        <Hint id={id}>{hint}</Hint>
        <FieldError id={id} error={errors[key]} />
      </div>
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy}>
      <div className="field">
        <label htmlFor="item-title">Title</label>
        <input {...a11y("item-title", errors.title)} value={values.title} onChange={(e) => set("title", e.target.value)} maxLength={200} autoComplete="off" />
        <FieldError id="item-title" error={errors.title} />
      </div>

      <fieldset className={styles.fieldset}>
        <legend>Network</legend>
        {networkLocked ? (
          <p className={styles.notice}>
            Students already have variants of this question, so its network can’t change. To ask about another network, add a new question.
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="item-preset">Network family</label>
          <select {...a11y("item-preset", errors.preset, true)} value={values.preset} onChange={(e) => choosePreset(e.target.value)} disabled={networkLocked}>
            {presets.map((p) => (
              <option key={p.name} value={p.name}>
                {p.title} ({p.network})
              </option>
            ))}
            <option value="custom">Custom network (JSON spec)</option>
          </select>
          <div id="item-preset-hint" className={styles.presetInfo}>
            {selected ? (
              <>
                <strong>{selected.title}</strong> {selected.description}
              </>
            ) : (
              <>
                <strong>Custom network</strong> Describe the layers, activations, loss and the parts to ask as JSON below. Each student gets
                their own numbers.
              </>
            )}
          </div>
          <FieldError id="item-preset" error={errors.preset} />
        </div>

        {values.preset === "custom" ? (
          <div className="field">
            <label htmlFor="item-specJson">Network spec (JSON)</label>
            <textarea
              {...a11y("item-specJson", errors.specJson, true)}
              className={`${styles.mono} ${errors.specJson ? styles.invalid : ""}`}
              rows={16}
              wrap="off"
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              value={values.specJson}
              onChange={(e) => set("specJson", e.target.value)}
              readOnly={networkLocked}
            />
            <FieldError id="item-specJson" error={errors.specJson} />
            <div id="item-specJson-hint" className={styles.help}>
              <p className={styles.hint}>
                <code>layers</code>: units per layer, input first (at most 5 layers of at most 6 units). <code>activations</code>: one per
                layer after the input, from {SPEC_ACTIVATIONS.map((a, i) => (
                  <span key={a}>
                    {i ? ", " : ""}
                    <code>{a}</code>
                  </span>
                ))}{" "}
                (softmax on the output only). <code>loss</code>: {SPEC_LOSSES.map((l, i) => (
                  <span key={l}>
                    {i ? " or " : ""}
                    <code>{l}</code>
                  </span>
                ))}
                .
              </p>
              <details>
                <summary>Part kinds and optional fields</summary>
                <ul>
                  {PART_KINDS.map((p) => (
                    <li key={p.kind}>
                      <code>{p.kind}</code> — {p.meaning}
                      {p.fields ? (
                        <>
                          {" "}
                          (<code>{p.fields}</code>)
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
                <p className={styles.hint}>
                  <code>l</code> is a layer from 2 to the output layer; <code>unit</code> is <code>any</code>, <code>alive</code> or{" "}
                  <code>dead</code>; <code>sameAs</code> is the index (from 0) of an earlier part whose unit to reuse. Optional:{" "}
                  <code>weightRange</code>, <code>inputRange</code>, <code>targetRange</code> as <code>[min, max]</code>,{" "}
                  <code>leakySlope</code>, <code>minAliveHidden</code>.
                </p>
              </details>
            </div>
          </div>
        ) : null}
      </fieldset>

      <fieldset className={styles.fieldset}>
        <legend>Grading</legend>
        <div className={styles.grid2}>
          {numberField("points", "Points", "What the whole question is worth.", { min: 0, max: 1000, step: "any" })}
          {numberField("maxAttempts", "Attempts per part", "Graded tries per part and variant; badly formatted answers never count.", { min: 1, max: 100, step: 1 })}
        </div>

        <div className="field" role="radiogroup" aria-labelledby="item-toleranceMode-label" aria-describedby={errors.toleranceMode ? "item-toleranceMode-error" : undefined}>
          <span id="item-toleranceMode-label" className={styles.groupLabel}>
            Answers count as correct when they are
          </span>
          <div className={styles.radios}>
            <label>
              <input type="radio" name="toleranceMode" value="relabs" checked={values.toleranceMode === "relabs"} onChange={() => set("toleranceMode", "relabs")} />
              close enough (relative or absolute)
            </label>
            <label>
              <input type="radio" name="toleranceMode" value="sigfig" checked={values.toleranceMode === "sigfig"} onChange={() => set("toleranceMode", "sigfig")} />
              right to a number of significant figures
            </label>
          </div>
          <FieldError id="item-toleranceMode" error={errors.toleranceMode} />
        </div>
        {values.toleranceMode === "relabs" ? (
          <div className={styles.grid2}>
            {numberField("rtol", "Relative tolerance", "A fraction: 0.01 accepts answers within 1%.", { min: 0, max: 1, step: "any" })}
            {numberField("atol", "Absolute tolerance", "For answers near 0, e.g. 0.001.", { min: 0, max: 10, step: "any" })}
          </div>
        ) : (
          <div className={styles.grid2}>{numberField("sigfigs", "Significant figures", "How many must agree, 1 to 15.", { min: 1, max: 15, step: 1 })}</div>
        )}

        <div className="field" role="radiogroup" aria-labelledby="item-solutionPolicy-label" aria-describedby={errors.solutionPolicy ? "item-solutionPolicy-error" : undefined}>
          <span id="item-solutionPolicy-label" className={styles.groupLabel}>
            Show the worked solution and answer
          </span>
          <div className={`${styles.radios} ${styles.stacked}`}>
            {SOLUTION_POLICIES.map((p) => (
              <label key={p}>
                <input type="radio" name="solutionPolicy" value={p} checked={values.solutionPolicy === p} onChange={() => set("solutionPolicy", p)} />
                {SOLUTION_POLICY_LABELS[p]}
              </label>
            ))}
          </div>
          <FieldError id="item-solutionPolicy" error={errors.solutionPolicy} />
        </div>
        <div className={styles.grid2}>
          {numberField("carriedForwardPercent", "Carried-forward credit (%)", "For a part that is wrong only because an earlier answer was.", { min: 0, max: 100, step: "any" })}
        </div>

        <label className={styles.check}>
          <input type="checkbox" checked={values.allowNewVariant} onChange={(e) => set("allowNewVariant", e.target.checked)} />
          <span>
            Students may start a new variant
            <small>Fresh numbers for more practice; the best variant counts.</small>
          </span>
        </label>
      </fieldset>

      {errors.form ? <p className="field-error">{errors.form}</p> : null}
      <FormMessage message={message} />
      <div className={styles.formActions}>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {pending ? "Saving…" : item ? "Save question" : "Add question"}
        </button>
        {item ? (
          <button type="button" className={`btn btn-secondary ${styles.danger}`} onClick={remove} disabled={busy}>
            {deleting ? "Deleting…" : "Delete question"}
          </button>
        ) : null}
        {item && item.submissionCount > 0 ? (
          <span className={styles.inlineStatus}>
            {item.submissionCount} submitted {item.submissionCount === 1 ? "answer" : "answers"} so far.
          </span>
        ) : null}
      </div>
    </form>
  );
}
