// `npm run serve` (and `npm start` after it builds): the built app, `next start`, in one worker process per core.
// Node runs one request's JavaScript at a time per process; on a machine with several cores, a worker per core
// serves that many requests at once. The workers share the listening port (node:cluster hands connections out in
// turn) and keep no state of their own that matters: sessions, rate limits and submissions live in the database.
//
//   WEB_CONCURRENCY=N   workers (default: the cores available; 1 runs `next start` in this process)
//   any arguments are passed to `next start`, e.g. -p 3000 -H 127.0.0.1
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");

function workerCount() {
  const raw = process.env.WEB_CONCURRENCY?.trim();
  if (!raw) return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`WEB_CONCURRENCY must be a whole number of worker processes (1 or more), not "${raw}".`);
    process.exit(2);
  }
  return n;
}

function runNextStart() {
  process.argv = [process.argv[0], nextBin, "start", ...process.argv.slice(2)];
  require(nextBin);
}

const workers = workerCount();
if (workers === 1 || !cluster.isPrimary) {
  runNextStart();
} else {
  let stopping = false;
  const stopWorkers = (signal) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  /** workers that got as far as listening: one that exits before that (no build, port taken) would only fail again */
  const served = new Set();
  cluster.on("listening", (worker) => served.add(worker.id));
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    if (!served.has(worker.id)) {
      console.error(`worker ${worker.process.pid} exited (${signal ?? code}) before it could serve; stopping`);
      stopWorkers("SIGTERM");
      process.exit(code || 1);
    }
    // a worker that dies (out of memory, a crash) is replaced; the others keep serving meanwhile
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      stopWorkers(sig);
      let left = Object.keys(cluster.workers ?? {}).length;
      if (left === 0) process.exit(0);
      cluster.on("exit", () => {
        if (--left === 0) process.exit(0);
      });
    });
  }
}
