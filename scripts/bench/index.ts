// npm run bench: the built app (scripts/serve.mjs: next start, a worker per core) on a generated class of 1,000 students × 50 items × 5 submissions,
// driven over loopback with autocannon, on SQLite and, side by side, PostgreSQL. Prints medians of several runs.
//
//   npm run bench                       # 3 runs of 10 s per figure (~8 min on 2 cores once the class is cached)
//   npm run bench -- --quick            # 1 run of 4 s per figure: a smoke test, not figures to quote
//   npm run bench -- --only sqlite      # one database
//   npm run bench -- --workers 1        # the app in one process (default: scripts/serve.mjs's, one worker per core)
//   npm run bench -- --profile          # CPU profile of the server under submit load (SQLite), summarised
//   npm run bench -- --profile --profile-target page   # … under question page views (or: me)
//   npm run bench -- --queries          # database queries per request (SQLite), with their SQL
//   npm run bench -- --compare a.json b.json   # two saved results side by side (every run saves one in .bench/results/)
//   npm run bench -- --save-build NAME  # keep a copy of the current build in .bench/builds/NAME …
//   npm run bench -- --app-dir .bench/builds/NAME   # … and measure it later, e.g. before/after a change
//
// PostgreSQL runs when BENCH_POSTGRES_URL or TEST_POSTGRES_URL names a server whose user may create databases.
import { execSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { isMatrixTarget } from "@/lib/backprop";
import { generateItemVariant } from "@/lib/homework/item-spec";
import type { ActionResult } from "@/lib/actions/result";
import type { SubmitReply } from "@/lib/present/parts";
import { actionId, actionRequest, actionResult } from "../../tests/support/server-action";
import { answerRequest, answerResult, type AnswerInput } from "../../tests/support/submissions";
import { BENCH_PRESET, benchVariantId, builtPartIsCorrect } from "./shape";
import { dbTask, postgresCopy, sqliteCopy, type ClassParams, type Engine, type RunDatabase } from "./databases";
import { drive, type LoadFigures, type LoadRequest, type LoadSpec } from "./load";
import { summariseProfile } from "./profile";
import { BENCH_SECRET, freePort, startServer, type Server } from "./server";
import type { BenchSessions } from "./db-task";

// ---------- options ----------

function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function numberOption(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number, not "${value}"`);
  return n;
}

const quick = flag("quick");
/** the app whose build runs (`next start DIR`); its node_modules resolve from here */
const appDir = option("app-dir") ? path.resolve(option("app-dir")!) : process.cwd();
const opts = {
  runs: numberOption("runs", quick ? 1 : 3),
  seconds: numberOption("seconds", quick ? 4 : 10),
  warmupSeconds: quick ? 2 : 4,
  connections: numberOption("connections", 32),
  submitRate: 200,
  pageRate: 50,
  /** worker processes of scripts/serve.mjs; its default (one per core) when absent */
  workers: option("workers") ? numberOption("workers", 1) : undefined,
  params: { students: numberOption("students", 1000), items: numberOption("items", 50), subs: numberOption("subs", 5) } satisfies ClassParams,
};

/** The schema's default attempts per part (the builder leaves maxAttempts unset). */
const MAX_ATTEMPTS = 3;

export const TARGETS = { ratio: 0.5, pageP95: 100, firstLoadKiB: 150 };

/** Length of one slice of the ratio's alternating measurement. */
const SLICE_SECONDS = 2;

const log = (line: string) => console.log(`  ${line}`);
const workerCount = opts.workers ?? availableParallelism();

// ---------- what a run measures ----------

interface ExportFigure {
  seconds: number;
  peakMiB: number;
  bytes: number;
}

interface Figures {
  submitFixed: LoadFigures;
  submitMax: LoadFigures;
  meMax: LoadFigures;
  ratio: number;
  page: LoadFigures;
  gradebookPage: ExportFigure;
  gradebookCsv: ExportFigure;
  submissionsCsv: ExportFigure;
  firstLoadKiB: number;
  firstLoadChunks: number;
  /** noModule polyfills, which browsers with ES modules skip */
  firstLoadLegacyKiB?: number;
  /** every submit response of the run, warm-up included */
  submitTotals: { graded: number; refused: number; errors: number; rowsAdded: number };
}

function median(values: number[]): number {
  const s = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Slices of one load driven one after another as one figure: counts summed, throughput over their total time. */
function sumLoad(slices: LoadFigures[]): LoadFigures {
  const requests = slices.reduce((s, r) => s + r.requests, 0);
  const seconds = slices.reduce((s, r) => s + r.requests / r.perSecond, 0);
  return {
    ...medianLoad(slices),
    requests,
    perSecond: requests / seconds,
  };
}

function medianLoad(runs: LoadFigures[]): LoadFigures {
  const pick = (k: keyof LoadFigures) => median(runs.map((r) => r[k] as number));
  return {
    requests: pick("requests"),
    perSecond: pick("perSecond"),
    p50: pick("p50"),
    p95: pick("p95"),
    p99: pick("p99"),
    ok: runs.reduce((s, r) => s + r.ok, 0),
    refused: runs.reduce((s, r) => s + r.refused, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    samples: [...new Set(runs.flatMap((r) => r.samples))].slice(0, 5),
  };
}

// ---------- requests ----------

interface Traffic {
  /** how answers are sent */
  submitVia: string;
  submit: () => LoadRequest;
  checkSubmit: (status: number, body: string) => "ok" | "refused" | "error";
  page: () => LoadRequest;
  me: () => LoadRequest;
  totals: { graded: number; refused: number; errors: number };
}

/** (student, item, part) for every attempt the class has left, a pass at a time: one attempt per variant per pass. */
function* openAttempts(params: ClassParams, partsTotal: number): Generator<{ n: number; j: number; part: number }> {
  const left = (n: number, j: number, part: number) => (part >= params.subs ? MAX_ATTEMPTS : builtPartIsCorrect(n, j, params.items, part) ? 0 : MAX_ATTEMPTS - 1);
  for (let pass = 0; ; pass++) {
    let any = false;
    for (let j = 0; j < params.items; j++) {
      for (let n = 0; n < params.students; n++) {
        // the pass-th open attempt of this variant, parts in order
        let seen = 0;
        for (let part = 0; part < partsTotal; part++) {
          const open = left(n, j, part);
          if (pass < seen + open) {
            any = true;
            yield { n, j, part };
            break;
          }
          seen += open;
        }
      }
    }
    if (!any) return;
  }
}

/**
 * How the build takes an answer: POST /api/submissions, or, in builds before that route existed, the question page's
 * submitAnswerAction (so that a saved older build can be measured side by side with --app-dir).
 */
function answerTransport(baseURL: string, dir: string) {
  if (existsSync(path.join(dir, ".next/server/app/api/submissions/route.js"))) {
    return {
      name: "POST /api/submissions",
      request: (input: AnswerInput, cookie: string): LoadRequest => {
        const call = answerRequest({ baseURL, input, cookie });
        return { method: "POST", path: new URL(call.url).pathname, headers: call.headers, body: call.body };
      },
      result: answerResult,
    };
  }
  const id = actionId("submitAnswerAction", dir);
  return {
    name: "POST submitAnswerAction (server action)",
    request: (input: AnswerInput, cookie: string, page = "/"): LoadRequest => {
      const call = actionRequest({ baseURL, page, id, args: [input], cookie });
      return { method: "POST", path: new URL(call.url).pathname, headers: call.headers, body: call.body };
    },
    result: (body: string) => actionResult<ActionResult<SubmitReply>>(body),
  };
}

function traffic(baseURL: string, sessions: BenchSessions, params: ClassParams, tag: string): Traffic {
  const transport = answerTransport(baseURL, appDir);
  const parts = generateItemVariant({ preset: BENCH_PRESET, specJson: null, toleranceJson: "{}" }, 1).parts;
  if (parts.some((p) => isMatrixTarget(p))) throw new Error(`the bench answers every part with one number, but ${BENCH_PRESET} has a matrix part`);
  const attempts = openAttempts(params, parts.length);
  const itemPage = (j: number) => `/courses/${sessions.courseId}/items/${sessions.itemIds[j]}`;
  let submitted = 0;
  let pages = 0;
  let mes = 0;
  const totals = { graded: 0, refused: 0, errors: 0 };
  return {
    totals,
    submitVia: transport.name,
    submit() {
      const next = attempts.next();
      if (next.done) throw new Error("the class has no attempts left: use fewer or shorter runs");
      const { n, j, part } = next.value;
      const seq = submitted++;
      // a wrong answer (diagnosed: the costlier path), different every time; a distinct key, so never a replay
      const answer = (0.1 + (seq % 997) / 10_000).toFixed(4);
      return transport.request({ variantId: benchVariantId(n, j), partIndex: part, answer, idempotencyKey: `bench-${tag}-${seq}` }, sessions.students[n], itemPage(j));
    },
    checkSubmit(status, body) {
      const result = transport.result(body);
      const verdict = !result ? "error" : result.ok ? (result.data.graded ? "ok" : "refused") : result.status >= 500 ? "error" : "refused";
      totals[verdict === "ok" ? "graded" : verdict === "refused" ? "refused" : "errors"]++;
      return verdict;
    },
    page() {
      const i = pages++;
      const n = i % params.students;
      const j = (i * 13) % params.items;
      return { method: "GET", path: itemPage(j), headers: { cookie: sessions.students[n], accept: "text/html" } };
    },
    me() {
      const n = mes++ % params.students;
      return { method: "GET", path: "/api/me", headers: { cookie: sessions.students[n], accept: "application/json" } };
    },
  };
}

// ---------- one-off measurements ----------

async function timedDownload(server: Server, pathname: string, cookie: string): Promise<ExportFigure> {
  global.gc?.();
  server.resetPeakRss();
  const started = performance.now();
  const response = await fetch(server.baseURL + pathname, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`GET ${pathname} answered ${response.status}`);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
  const seconds = (performance.now() - started) / 1000;
  return { seconds, peakMiB: server.peakRssMiB(), bytes };
}

/**
 * Sum of the gzipped sizes of every <script src> a modern browser loads for the problem page. `noModule` scripts
 * (Next's polyfills for browsers without ES modules) are never fetched by a browser that runs modules: counted apart.
 */
async function firstLoadJs(server: Server, pathname: string, cookie: string): Promise<{ kib: number; chunks: number; legacyKiB: number }> {
  const html = await (await fetch(server.baseURL + pathname, { headers: { cookie, accept: "text/html" } })).text();
  const tags = [...html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"[^>]*>/g)].map((m) => ({ src: m[1].replace(/&amp;/g, "&"), legacy: /\snomodule(=|\s|>)/i.test(m[0]) }));
  const unique = [...new Map(tags.map((t) => [t.src, t])).values()];
  if (unique.filter((t) => !t.legacy).length === 0) throw new Error("the problem page loads no script: is it the right page?");
  let bytes = 0;
  let legacy = 0;
  for (const { src, legacy: isLegacy } of unique) {
    const response = await fetch(new URL(src, server.baseURL));
    if (response.status !== 200) throw new Error(`GET ${src} answered ${response.status}`);
    const gz = gzipSync(Buffer.from(await response.arrayBuffer())).byteLength;
    if (isLegacy) legacy += gz;
    else bytes += gz;
  }
  return { kib: bytes / 1024, chunks: unique.filter((t) => !t.legacy).length, legacyKiB: legacy / 1024 };
}

// ---------- one database ----------

async function prepare(engine: Engine, port: number, dir: string): Promise<{ db: RunDatabase; sessions: BenchSessions; rowsBefore: number }> {
  const db = engine === "sqlite" ? sqliteCopy(opts.params, dir, log) : await postgresCopy(opts.params, postgresAdminUrl()!, port, log);
  const file = path.join(dir, `sessions-${engine}.json`);
  dbTask(db.url, ["sessions", file, BENCH_SECRET]);
  const sessions = JSON.parse(readFileSync(file, "utf8")) as BenchSessions;
  const rowsBefore = dbTask<{ submissions: number }>(db.url, ["count"]).submissions;
  return { db, sessions, rowsBefore };
}

async function measureEngine(engine: Engine): Promise<Figures> {
  console.log(`\n${engine === "sqlite" ? "SQLite" : "PostgreSQL"}`);
  const dir = mkdtempSync(path.join(tmpdir(), "chainrule-bench-"));
  const port = await freePort();
  const { db, sessions, rowsBefore } = await prepare(engine, port, dir);
  const server = await startServer({ databaseUrl: db.url, port, appDir, workers: opts.workers });
  try {
    log(`scripts/serve.mjs on ${server.baseURL} (pid ${server.pid}, ${server.workers()} worker${server.workers() === 1 ? "" : "s"})`);
    const t = traffic(server.baseURL, sessions, opts.params, `${engine}-${Date.now()}`);
    const seconds = opts.seconds;
    // each load starts on an idle server: requests a finished load left queued are done first
    const load = async (spec: Omit<LoadSpec, "baseURL">) => {
      await server.settle();
      return drive({ baseURL: server.baseURL, ...spec });
    };
    const max = (next: () => LoadRequest, check: Traffic["checkSubmit"] | undefined, slice: number) => load({ next, check, connections: opts.connections, seconds: slice });
    // The ratio's two figures in alternating slices (me, submit, me, submit, …), each summed over its slices: the
    // machine's speed drifts over seconds (other tenants of the host), and a drift now hits both figures alike.
    const alternatingMax = async () => {
      const me: LoadFigures[] = [];
      const submit: LoadFigures[] = [];
      const slices = Math.max(1, Math.round(seconds / SLICE_SECONDS));
      for (let i = 0; i < slices; i++) {
        me.push(await max(t.me, undefined, seconds / slices));
        submit.push(await max(t.submit, t.checkSubmit, seconds / slices));
      }
      return { me: sumLoad(me), submitMax: sumLoad(submit) };
    };
    // warm-up: every route's code paths run (and are optimised) before anything is measured
    for (const next of [t.me, t.page, t.submit]) await load({ next, check: next === t.submit ? t.checkSubmit : undefined, connections: 8, seconds: opts.warmupSeconds });

    const runs: { me: LoadFigures; submitMax: LoadFigures; submitFixed: LoadFigures; page: LoadFigures }[] = [];
    for (let r = 0; r < opts.runs; r++) {
      const { me, submitMax } = await alternatingMax();
      const submitFixed = await load({ next: t.submit, check: t.checkSubmit, connections: 40, rate: opts.submitRate, seconds });
      const page = await load({ next: t.page, connections: 20, rate: opts.pageRate, seconds });
      runs.push({ me, submitMax, submitFixed, page });
      log(
        `run ${r + 1}: /api/me ${me.perSecond.toFixed(0)}/s, submit ${submitMax.perSecond.toFixed(0)}/s (ratio ${(submitMax.perSecond / me.perSecond).toFixed(2)}); ` +
          `submit @${opts.submitRate}/s: ${submitFixed.perSecond.toFixed(0)}/s p50 ${submitFixed.p50.toFixed(0)} ms p99 ${submitFixed.p99.toFixed(0)} ms; page @${opts.pageRate}/s p95 ${page.p95.toFixed(0)} ms`,
      );
    }

    await server.settle();
    const teacher = sessions.teacher;
    const course = `/teach/${sessions.courseId}`;
    const downloads = { gradebookPage: [] as ExportFigure[], gradebookCsv: [] as ExportFigure[], submissionsCsv: [] as ExportFigure[] };
    for (let r = 0; r < opts.runs; r++) {
      downloads.gradebookPage.push(await timedDownload(server, `${course}/gradebook`, teacher));
      downloads.gradebookCsv.push(await timedDownload(server, `${course}/export/gradebook.csv`, teacher));
      downloads.submissionsCsv.push(await timedDownload(server, `${course}/export/submissions.csv`, teacher));
    }
    const medianDownload = (list: ExportFigure[]): ExportFigure => ({ seconds: median(list.map((d) => d.seconds)), peakMiB: median(list.map((d) => d.peakMiB)), bytes: list[0].bytes });
    const js = await firstLoadJs(server, `/courses/${sessions.courseId}/items/${sessions.itemIds[0]}`, sessions.students[0]);

    // a load's last requests are dropped by autocannon but still graded by the server: rows ≥ graded responses
    const rowsAdded = dbTask<{ submissions: number }>(db.url, ["count"]).submissions - rowsBefore;
    if (rowsAdded < t.totals.graded) log(`WARNING: ${t.totals.graded} graded responses but only ${rowsAdded} rows added`);
    return {
      submitFixed: medianLoad(runs.map((r) => r.submitFixed)),
      submitMax: medianLoad(runs.map((r) => r.submitMax)),
      meMax: medianLoad(runs.map((r) => r.me)),
      ratio: median(runs.map((r) => r.submitMax.perSecond / r.me.perSecond)),
      page: medianLoad(runs.map((r) => r.page)),
      gradebookPage: medianDownload(downloads.gradebookPage),
      gradebookCsv: medianDownload(downloads.gradebookCsv),
      submissionsCsv: medianDownload(downloads.submissionsCsv),
      firstLoadKiB: js.kib,
      firstLoadChunks: js.chunks,
      firstLoadLegacyKiB: js.legacyKiB,
      submitTotals: { ...t.totals, rowsAdded },
    };
  } finally {
    await server.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------- the table ----------

type Column = Figures | undefined;

function rows(f: Column): [string, string][] {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const s = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
  const dl = (d: ExportFigure | undefined) => (d ? `${s(d.seconds)} s, ${d.peakMiB.toFixed(0)} MiB` : "");
  return [
    [`submit @ ${opts.submitRate} req/s: throughput`, f ? `${f.submitFixed.perSecond.toFixed(0)} req/s` : ""],
    [`submit @ ${opts.submitRate} req/s: p50 / p99`, f ? `${ms(f.submitFixed.p50)} / ${ms(f.submitFixed.p99)}` : ""],
    ["submit: max throughput", f ? `${f.submitMax.perSecond.toFixed(0)} req/s` : ""],
    ["GET /api/me: max throughput", f ? `${f.meMax.perSecond.toFixed(0)} req/s` : ""],
    ["submit / me (max throughput)", f ? f.ratio.toFixed(2) : ""],
    [`problem page @ ${opts.pageRate} req/s: p95`, f ? ms(f.page.p95) : ""],
    ["gradebook page: time, peak RSS", dl(f?.gradebookPage)],
    ["gradebook.csv: time, peak RSS", dl(f?.gradebookCsv)],
    ["submissions.csv: time, peak RSS", dl(f?.submissionsCsv)],
    ["first-load JS, problem page (gzip)", f ? `${f.firstLoadKiB.toFixed(1)} kB (${f.firstLoadChunks} files)${f.firstLoadLegacyKiB ? ` + ${f.firstLoadLegacyKiB.toFixed(1)} kB noModule` : ""}` : ""],
    ["submit responses: graded/refused/errors", f ? `${f.submitTotals.graded}/${f.submitTotals.refused}/${f.submitTotals.errors}` : ""],
    ["submissions stored (incl. dropped by the client)", f ? String(f.submitTotals.rowsAdded) : ""],
  ];
}

const TARGET_TEXT: Record<string, string> = {
  "submit / me (max throughput)": `≥ ${TARGETS.ratio}`,
  [`problem page @ 50 req/s: p95`]: `< ${TARGETS.pageP95} ms`,
  "first-load JS, problem page (gzip)": `≤ ${TARGETS.firstLoadKiB} kB`,
  "submit responses: graded/refused/errors": "errors 0",
};

function printTable(columns: { title: string; figures: Column }[]) {
  const labels = rows(undefined).map(([label]) => label);
  const cells = columns.map((c) => rows(c.figures).map(([, v]) => v || "—"));
  const widths = [Math.max(...labels.map((l) => l.length)), ...columns.map((c, i) => Math.max(c.title.length, ...cells[i].map((v) => v.length)))];
  const line = (parts: string[]) => parts.map((p, i) => (i === 0 ? p.padEnd(widths[0]) : p.padStart(widths[i] ?? 0))).join("   ");
  console.log(line(["", ...columns.map((c) => c.title), "target"]));
  labels.forEach((label, r) => console.log(line([label, ...cells.map((col) => col[r]), TARGET_TEXT[label] ?? ""])));
}

// ---------- modes ----------

function postgresAdminUrl(): string | undefined {
  return (process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL)?.trim() || undefined;
}

function gitDescribe(): string {
  try {
    const commit = execSync("git log -1 --format='%h %s'", { encoding: "utf8" }).trim();
    return appDir === process.cwd() ? commit : `build in ${path.relative(process.cwd(), appDir) || "."}; sources at ${commit}`;
  } catch {
    return "unknown";
  }
}

async function bench() {
  const only = option("only") as Engine | undefined;
  const engines: Engine[] = [];
  if (only !== "postgres") engines.push("sqlite");
  if (only !== "sqlite") {
    if (postgresAdminUrl()) engines.push("postgres");
    else console.log("PostgreSQL: skipped (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to a server whose user may create databases)");
  }
  const results: Partial<Record<Engine, Figures>> = {};
  for (const engine of engines) results[engine] = await measureEngine(engine);

  const runsText = opts.runs === 1 ? "1 run" : `medians of ${opts.runs} runs`;
  console.log(
    `\n${runsText} of ${opts.seconds} s; ${opts.params.students} students × ${opts.params.items} items × ${opts.params.subs} submissions; max throughput with ${opts.connections} connections, /api/me and submit in alternating slices of ~${SLICE_SECONDS} s; the app in ${workerCount} worker process${workerCount === 1 ? "" : "es"} (scripts/serve.mjs); ${gitDescribe()}`,
  );
  printTable([
    { title: "SQLite", figures: results.sqlite },
    { title: "PostgreSQL", figures: results.postgres },
  ]);
  for (const engine of engines) {
    const f = results[engine]!;
    for (const sample of [...f.submitFixed.samples, ...f.submitMax.samples, ...f.page.samples].slice(0, 3)) console.log(`  ${engine} refusal/error sample: ${sample}`);
  }
  const dir = path.resolve(".bench/results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), commit: gitDescribe(), opts, results }, null, 1));
  console.log(`\nsaved ${path.relative(process.cwd(), file)}`);
}

function compare(a: string, b: string) {
  const load = (f: string) => JSON.parse(readFileSync(f, "utf8")) as { commit: string; results: Partial<Record<Engine, Figures>> };
  const before = load(a);
  const after = load(b);
  console.log(`before: ${before.commit}\nafter:  ${after.commit}`);
  printTable([
    { title: "SQLite before", figures: before.results.sqlite },
    { title: "SQLite after", figures: after.results.sqlite },
    { title: "PG before", figures: before.results.postgres },
    { title: "PG after", figures: after.results.postgres },
  ]);
}

/** CPU profile of the server while submissions run as fast as they go (SQLite). */
async function profile() {
  const dir = mkdtempSync(path.join(tmpdir(), "chainrule-bench-"));
  const profileDir = path.resolve(".bench/profiles", new Date().toISOString().replace(/[:.]/g, "-"));
  mkdirSync(profileDir, { recursive: true });
  const port = await freePort();
  const { db, sessions } = await prepare("sqlite", port, dir);
  const server = await startServer({ databaseUrl: db.url, port, appDir, workers: 1, nodeArgs: ["--cpu-prof", "--cpu-prof-dir", profileDir] });
  const what = option("profile-target") ?? "submit";
  let window: { from: number; to?: number } = { from: 0 };
  try {
    const t = traffic(server.baseURL, sessions, opts.params, `profile-${Date.now()}`);
    const next = what === "page" ? t.page : what === "me" ? t.me : t.submit;
    const check = next === t.submit ? t.checkSubmit : undefined;
    // a longer warm-up than the benchmark's: the summary counts only the measured load, after start-up and JIT
    await drive({ baseURL: server.baseURL, next, check, connections: 8, seconds: 2 * opts.warmupSeconds });
    await server.settle();
    const micros = () => Number(process.hrtime.bigint() / 1000n); // CLOCK_MONOTONIC, the profile's clock
    window = { from: micros() };
    const figures = await drive({ baseURL: server.baseURL, next, check, connections: opts.connections, seconds: opts.seconds });
    window.to = micros();
    log(`${what}: ${figures.perSecond.toFixed(0)} req/s, p50 ${figures.p50.toFixed(0)} ms, ok ${figures.ok}, refused ${figures.refused}, errors ${figures.errors}`);
  } finally {
    await server.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
  const files = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error("the server wrote no CPU profile");
  for (const f of files) {
    console.log(`\n${path.relative(process.cwd(), path.join(profileDir, f))} (open it in Chrome DevTools → Performance, or speedscope)`);
    console.log(summariseProfile(path.join(profileDir, f), 25, window.to ? { from: window.from, to: window.to } : undefined));
  }
}

/** Database statements per request (SQLite), from the driver adapter's debug log. */
async function queries() {
  const dir = mkdtempSync(path.join(tmpdir(), "chainrule-bench-"));
  const port = await freePort();
  const { db, sessions } = await prepare("sqlite", port, dir);
  const server = await startServer({ databaseUrl: db.url, port, appDir, workers: 1, env: { DEBUG: "prisma:driver-adapter:better-sqlite3" } });
  try {
    const t = traffic(server.baseURL, sessions, opts.params, `queries-${Date.now()}`);
    // the first request warms the route up; the second (a different one for submissions: no replay) is counted
    const once = async (name: string, warm: LoadRequest, counted: LoadRequest) => {
      await fetch(server.baseURL + warm.path, { method: warm.method, headers: warm.headers, body: warm.body }).then((r) => r.text());
      await new Promise((r) => setTimeout(r, 300));
      const from = server.output().length;
      const response = await fetch(server.baseURL + counted.path, { method: counted.method, headers: counted.headers, body: counted.body });
      const body = await response.text();
      await new Promise((r) => setTimeout(r, 300));
      // the adapter logs each statement as a tag line followed by the query object, its SQL on a "sql" line
      const log = server.output().slice(from).split("\n");
      const statements: string[] = [];
      log.forEach((line, i) => {
        if (!/\[js::(queryRaw|executeRaw|startTransaction|commit)\]/.test(line)) return;
        const tag = /\[js::(\w+)\]/.exec(line)![1];
        const sql = /"sql": "(.*?)",\\n/.exec(log[i + 1] ?? "")?.[1] ?? "";
        statements.push(`${tag} ${sql.replace(/`main`\./g, "").slice(0, 200)}`);
      });
      console.log(`\n${name}: ${response.status}, ${body.length} bytes, ${statements.length} statements`);
      for (const st of statements) console.log(`  ${st}`);
    };
    await once("GET /api/me", t.me(), t.me());
    await once("GET problem page", t.page(), t.page());
    await once(t.submitVia, t.submit(), t.submit());
    writeFileSync(path.resolve(".bench/queries-server.log"), server.output());
  } finally {
    await server.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the current build that `--app-dir` can start: .next, the config, and the node_modules its links expect. */
function saveBuild(name: string) {
  const dir = path.resolve(".bench/builds", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.resolve(".next"), path.join(dir, ".next"), { recursive: true, verbatimSymlinks: true });
  for (const file of ["next.config.js", "package.json"]) cpSync(path.resolve(file), path.join(dir, file));
  // the build links its external packages as ../../../node_modules/… relative to .next/node_modules/<scope>
  symlinkSync(path.relative(dir, path.resolve("node_modules")), path.join(dir, "node_modules"));
  console.log(`saved the build in ${path.relative(process.cwd(), dir)}; measure it with --app-dir ${path.relative(process.cwd(), dir)}`);
}

async function main() {
  if (!existsSync(path.join(appDir, ".next/BUILD_ID"))) {
    console.error("npm run bench measures the built app and builds nothing itself: run `npx next build` (or `npm run build`) first.");
    process.exit(1);
  }
  const compareAt = process.argv.indexOf("--compare");
  if (compareAt >= 0) return compare(process.argv[compareAt + 1], process.argv[compareAt + 2]);
  if (option("save-build")) return saveBuild(option("save-build")!);
  if (flag("profile")) return profile();
  if (flag("queries")) return queries();
  return bench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
