// The preset list for the question editor, reduced to what the form shows (keeps the engine off the client).
import { DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_SIGFIGS, PRESETS, type Tolerance } from "@/lib/backprop";
import type { PresetOption } from "./item-form";

const ACTIVATION_NAMES: Record<string, string> = { relu: "ReLU", leaky_relu: "leaky ReLU", sigmoid: "sigmoid", tanh: "tanh", linear: "linear", softmax: "softmax" };

export function toleranceFields(t: Tolerance | undefined): PresetOption["tolerance"] {
  return {
    mode: t?.mode ?? "relabs",
    rtol: t?.rtol ?? DEFAULT_RTOL,
    atol: t?.atol ?? DEFAULT_ATOL,
    sigfigs: t?.sigfigs ?? DEFAULT_SIGFIGS,
  };
}

export function presetOptions(): PresetOption[] {
  return PRESETS.map((p) => ({
    name: p.name,
    title: p.title,
    description: p.description,
    network: `${p.spec.layers.join("-")} · ${p.spec.activations.map((a) => ACTIVATION_NAMES[a] ?? a).join(", ")}`,
    tolerance: toleranceFields(p.tolerance),
  }));
}
