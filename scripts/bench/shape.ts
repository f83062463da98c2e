// The generated class's shape and ids, without the database (the load generator imports this).
export const BENCH_TEACHER_EMAIL = "teacher@bench.invalid";
export const BENCH_JOIN_CODE = "BENCH01";
export const BENCH_PRESET = "question-relu";
/** students written per batch; the submission pattern below counts variants within a batch */
export const CHUNK = 200;

export interface ClassShape {
  students: number;
  items: number;
  subs: number;
  /** due date of the first set (set s is due 7·s days later): in the past for export figures, far ahead to accept answers */
  firstDue: Date;
}

export const benchStudentId = (n: number) => `u${n}`;
export const benchVariantId = (n: number, item: number) => `${benchStudentId(n)}-v${item}`;
export const benchSeed = (n: number, item: number) => (n * 7919 + item) % 2147483647;

/** Which of the builder's rows leave attempts open, in the builder's own pattern: part p of the k-th variant is right when (k + p) % 3 ≠ 0. */
export function builtPartIsCorrect(n: number, item: number, items: number, part: number): boolean {
  const k = (n % CHUNK) * items + item; // k counts variants within a batch of students
  return (k + part) % 3 !== 0;
}
