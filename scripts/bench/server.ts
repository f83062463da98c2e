// The built app under test: scripts/serve.mjs (`next start` in worker processes) on a free loopback port in 3400–3499,
// whose workers' peak RSS the benchmark reads (/proc/<pid>/status VmHWM) and resets (/proc/<pid>/clear_refs) around
// each measurement.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** Signs the benchmark's session cookies; the server is started with it. */
export const BENCH_SECRET = "bench-secret-not-for-production-0123456789abcdef";

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function freePort(from = 3400, to = 3499): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${from}–${to}`);
}

export interface Server {
  baseURL: string;
  pid: number;
  /** peak RSS since the last reset, in MiB: of the worker that used the most */
  peakRssMiB: () => number;
  /** worker processes serving */
  workers: () => number;
  resetPeakRss: () => void;
  stop: () => Promise<void>;
  /** everything the server printed */
  output: () => string;
  /** waits until requests still queued from a load (autocannon stops listening, the server does not) are done */
  settle: () => Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  port: number;
  /** node flags, e.g. --cpu-prof */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** the app's directory (its .next is the build that runs); the working directory by default */
  appDir?: string;
  /** worker processes (WEB_CONCURRENCY of scripts/serve.mjs); its default, one per core, when absent */
  workers?: number;
}

/** The pids of a process's children (the cluster's workers), from /proc. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function peakRssKiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
  } catch {
    return 0; // a worker that just exited
  }
}

/**
 * Starts the app as production does, `scripts/serve.mjs` (`next start` in a worker per core), as the node process
 * itself so that its pid is the server's, and waits until it answers.
 */
export async function startServer(options: StartOptions): Promise<Server> {
  const baseURL = `http://127.0.0.1:${options.port}`;
  const serve = path.resolve("scripts/serve.mjs");
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serve, ...(options.appDir ? [options.appDir] : []), "-p", String(options.port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: options.databaseUrl,
      NEXTAUTH_SECRET: BENCH_SECRET,
      NEXTAUTH_URL: baseURL,
      ...(options.workers ? { WEB_CONCURRENCY: String(options.workers) } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid!;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${baseURL}/api/me`);
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // an unauthenticated GET /api/me needs no database: its latency shows whether the server is still busy
  const probe = async () => {
    const started = performance.now();
    await (await fetch(`${baseURL}/api/me`)).text();
    return performance.now() - started;
  };
  const idle = Math.min(await probe(), await probe(), await probe());
  return {
    baseURL,
    pid,
    settle: async () => {
      const deadline = Date.now() + 60_000;
      let calm = 0;
      while (calm < 3 && Date.now() < deadline) {
        calm = (await probe()) < Math.max(20, 4 * idle) ? calm + 1 : 0;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    // the process that serves: the largest worker's peak (a request is served by one worker), or the server itself
    peakRssMiB: () => Math.max(...[pid, ...childPids(pid)].map(peakRssKiB)) / 1024,
    resetPeakRss: () => {
      for (const p of [pid, ...childPids(pid)]) writeFileSync(`/proc/${p}/clear_refs`, "5");
    },
    workers: () => childPids(pid).length || 1,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
