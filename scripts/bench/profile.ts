// A text summary of a V8 .cpuprofile: where the server's CPU time went, by function (self and total) and by package.
import { readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, the app's own server chunks, Node's internals, or the special frames (idle, GC, program). */
function packageOf(url: string, name: string): string {
  if (!url) return `(${name || "native"})`;
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.startsWith("node:")) return "node internals";
  if (file.includes("/.next/")) return `app (.next/${file.split("/.next/")[1].split("/").slice(0, 2).join("/")})`;
  return path.basename(file);
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const where = url ? `${url.replace(/^file:\/\//, "").replace(process.cwd() + "/", "")}:${lineNumber + 1}:${columnNumber + 1}` : "";
  return `${functionName || "(anonymous)"} ${where}`.trim();
}

/** `window`: only samples between these CLOCK_MONOTONIC times in µs (the profile's own clock), e.g. the measured load. */
export function summariseProfile(file: string, top = 25, window?: { from: number; to: number }): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfTime = new Map<number, number>();
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.from || at > window.to)) return;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
    total += dt;
  });
  if (window && total === 0) return `no samples between ${window.from} and ${window.to} µs: the clocks differ; whole run:\n${summariseProfile(file, top)}`;
  const idle = [...selfTime].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((s, [, t]) => s + t, 0);
  const busy = total - idle;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, t] of selfTime) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") continue;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + t);
    const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + t);
    // every distinct frame on the stack gets the sample once (recursion counted once)
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = frameName(byId.get(cur)!);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${pct(t)}  ${k}`)
      .join("\n");
  const boring = (k: string) => !/^\((root|program|garbage collector)\)/.test(k) && !k.startsWith("(anonymous) node:internal") && !/processTicksAndRejections|runMicrotasks/.test(k);
  return [
    `${window ? `measured load only, ${((window.to - window.from) / 1e6).toFixed(1)} s` : `whole run, ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`}; busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)}%); percentages of busy time`,
    `by package:\n${list(packages, 15)}`,
    `self time, top ${top}:\n${list(self, top)}`,
    `total time (the frame and what it calls), top ${top}:\n${list(inclusive, top, boring)}`,
  ].join("\n\n");
}

if (process.argv[1] && process.argv[1].endsWith("profile.ts") && process.argv[2]) console.log(summariseProfile(process.argv[2], Number(process.argv[3] ?? 25)));
