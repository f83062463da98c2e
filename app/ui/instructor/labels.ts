// Short human labels for instructor pages: tolerances, networks, attempts. Pure, usable anywhere.
import { formatNumber } from "@/lib/backprop/format";
import { DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_SIGFIGS } from "@/lib/backprop/grade";
import type { Tolerance } from "@/lib/backprop/types";

export function toleranceSummary(tolerance: Tolerance): string {
  if (tolerance.mode === "sigfig") return `${tolerance.sigfigs ?? DEFAULT_SIGFIGS} significant figures`;
  const rtol = tolerance.rtol ?? DEFAULT_RTOL;
  const atol = tolerance.atol ?? DEFAULT_ATOL;
  return `within ${formatNumber(rtol * 100)}% or ±${formatNumber(atol)}`;
}

/** "2-3-2 · relu, linear" from a stored custom spec, or null when it does not parse. */
export function customNetworkSummary(specJson: string | null): string | null {
  if (!specJson) return null;
  try {
    const spec = JSON.parse(specJson) as { layers?: unknown; activations?: unknown };
    if (!Array.isArray(spec.layers) || !Array.isArray(spec.activations)) return null;
    return `${spec.layers.join("-")} · ${spec.activations.join(", ")}`;
  } catch {
    return null;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
