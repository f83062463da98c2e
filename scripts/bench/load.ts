// Load generation with autocannon over loopback, and the figures taken from it.
//
// autocannon's `overallRate` gives each connection its share of the rate per second and lets it send that share as
// soon as the second starts, so one instance sends a burst of `connections` requests on every second. A fixed rate
// is therefore driven by PHASES instances, each with a tenth of the rate and of the connections, started a tenth of
// a second apart: the same rate, in bursts ten times smaller.
import autocannon from "autocannon";

const PHASES = 10;

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  baseURL: string;
  /** the next request to send (called once per request) */
  next: () => LoadRequest;
  /** checks each response's status and body; counts go to the figures */
  check?: (status: number, body: string) => "ok" | "refused" | "error";
  connections: number;
  seconds: number;
  /** requests per second over all connections; absent: as fast as the connections go */
  rate?: number;
}

export interface LoadFigures {
  requests: number;
  /** completed responses per second over the run */
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  refused: number;
  errors: number;
  /** up to 5 distinct refusal or error bodies, for the report */
  samples: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function runOne(spec: LoadSpec, connections: number, rate: number | undefined, latencies: number[], tally: LoadFigures): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.baseURL,
        connections,
        duration: spec.seconds,
        timeout: 60,
        ...(rate ? { overallRate: rate } : {}),
        requests: [
          {
            setupRequest: (request) => {
              const next = spec.next();
              return { ...request, method: next.method, path: next.path, headers: next.headers, body: next.body ?? "" };
            },
            onResponse: (status, body) => {
              // a checked reply may be a typed refusal with a 4xx status (an answer's 409); 5xx is always an error
              const verdict = spec.check && status < 500 ? spec.check(status, body) : status >= 200 && status < 300 ? "ok" : "error";
              tally[verdict === "error" ? "errors" : verdict]++;
              if (verdict !== "ok" && tally.samples.length < 5) {
                const sample = `${status} ${body.slice(0, 300)}`;
                if (!tally.samples.includes(sample)) tally.samples.push(sample);
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        // timeouts and connection errors never reach onResponse
        tally.errors += result.errors;
        resolve();
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** Drives the load; the rate, when given, is spread over PHASES staggered instances. */
export async function drive(spec: LoadSpec): Promise<LoadFigures> {
  const latencies: number[] = [];
  const tally: LoadFigures = { requests: 0, perSecond: 0, p50: 0, p95: 0, p99: 0, ok: 0, refused: 0, errors: 0, samples: [] };
  if (spec.rate) {
    const phases = Math.max(1, Math.min(PHASES, spec.connections, spec.rate));
    const runs: Promise<void>[] = [];
    for (let i = 0; i < phases; i++) {
      const connections = Math.floor(spec.connections / phases) + (i < spec.connections % phases ? 1 : 0);
      const rate = Math.floor(spec.rate / phases) + (i < spec.rate % phases ? 1 : 0);
      runs.push(new Promise((r) => setTimeout(r, (1000 / phases) * i)).then(() => runOne(spec, connections, rate, latencies, tally)));
    }
    await Promise.all(runs);
  } else {
    await runOne(spec, spec.connections, undefined, latencies, tally);
  }
  latencies.sort((a, b) => a - b);
  tally.requests = latencies.length;
  // each instance stops sending after `seconds` and drops what is still in flight
  tally.perSecond = latencies.length / spec.seconds;
  tally.p50 = percentile(latencies, 50);
  tally.p95 = percentile(latencies, 95);
  tally.p99 = percentile(latencies, 99);
  return tally;
}
