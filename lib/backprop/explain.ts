// Worked solutions: the derivation of any target as ordered steps, in LaTeX, with the instance's own numbers.
import type { Explanation, Instance, Solution, Step, Target } from "./types";
import { ACTIVATION_RULES, DEFAULT_LEAKY_SLOPE } from "./activations";
import { solve } from "./solve";
import { alphaOf, isMatrixTarget, matrixValue, scalarValue, targetLatex } from "./targets";
import { indexPair, isShortDecimal, latexNumber, matrixLatex } from "./format";

const n = (v: number) => latexNumber(v);
/** A factor in a product: negative numbers parenthesised. */
const f = (v: number) => latexNumber(v, 4, true);
/** "=" when the shown number is the exact value, "\approx" when it was rounded. */
const eq = (v: number) => (isShortDecimal(v) ? "=" : "\\approx");

function aligned(lines: string[]): string {
  return `\\begin{aligned}${lines.join(" \\\\ ")}\\end{aligned}`;
}

function activationLine(instance: Instance, l: number, j: number, z: number, a: number): string {
  const activation = instance.activations[l - 2];
  const name = ACTIVATION_RULES[activation].latex;
  if (activation === "linear") return `a^{(${l})}_{${j}} &= z^{(${l})}_{${j}} ${eq(a)} ${n(a)}`;
  if (activation === "softmax") return `a^{(${l})}_{${j}} &= \\frac{e^{z^{(${l})}_{${j}}}}{\\sum_i e^{z^{(${l})}_i}} ${eq(a)} ${n(a)}`;
  return `a^{(${l})}_{${j}} &= ${name}(${n(z)}) ${eq(a)} ${n(a)}`;
}

function forwardSteps(instance: Instance, s: Solution, lastLayer: number): Step[] {
  const steps: Step[] = [
    { title: "Input", latex: `a^{(1)} = x = ${matrixLatex(instance.x.map((v) => [v]))},\\quad a^{(1)}_0 = 1 \\text{ (bias unit)}` },
  ];
  for (let l = 2; l <= lastLayer; l++) {
    const prev = s.a[String(l - 1)];
    const lines: string[] = [];
    instance.theta[String(l)].forEach((row, r) => {
      const j = r + 1;
      const terms = row.map((w, k) => (k === 0 ? n(w) : `${f(w)}\\cdot${f(prev[k - 1])}`)).join(" + ");
      const z = s.z[String(l)][r];
      lines.push(`z^{(${l})}_{${j}} &= ${terms} ${eq(z)} ${n(z)}`);
      if (instance.activations[l - 2] !== "softmax") lines.push(activationLine(instance, l, j, z, s.a[String(l)][r]));
    });
    if (instance.activations[l - 2] === "softmax") {
      s.a[String(l)].forEach((a, r) => lines.push(activationLine(instance, l, r + 1, s.z[String(l)][r], a)));
    }
    steps.push({
      title: `Forward pass, layer ${l}`,
      latex: `z^{(${l})} = \\Theta^{(${l})}\\begin{bmatrix}1\\\\ a^{(${l - 1})}\\end{bmatrix},\\quad a^{(${l})} = g(z^{(${l})})\\\\[4pt]${aligned(lines)}`,
    });
  }
  return steps;
}

function costStep(instance: Instance, s: Solution): Step {
  const L = instance.layers.length;
  const a = s.a[String(L)];
  const { y } = instance;
  if (instance.loss === "half_sse") {
    const terms = a.map((ai, i) => `(${n(ai)} - ${f(y[i])})^2`).join(" + ");
    return { title: "Cost", latex: `J = \\tfrac12\\sum_i (a^{(${L})}_i - y_i)^2 = \\tfrac12\\left[${terms}\\right] ${eq(s.J)} ${n(s.J)}` };
  }
  const softmax = instance.activations[L - 2] === "softmax";
  const terms = softmax
    ? y.map((yi, i) => (yi === 0 ? null : `${n(yi)}\\ln ${n(a[i])}`)).filter(Boolean).join(" + ")
    : a.map((ai, i) => `${n(y[i])}\\ln ${n(ai)} + ${n(1 - y[i])}\\ln ${n(1 - ai)}`).join(" + ");
  const formula = softmax ? "J = -\\sum_i y_i \\ln a_i" : "J = -\\sum_i \\left[y_i \\ln a_i + (1-y_i)\\ln(1-a_i)\\right]";
  return { title: "Cost (cross-entropy)", latex: `${formula} = -\\left[${terms || "0"}\\right] ${eq(s.J)} ${n(s.J)}` };
}

function derivativeText(instance: Instance, l: number, z: number): { value: number; note: string } {
  const activation = instance.activations[l - 2];
  const slope = instance.leakySlope ?? DEFAULT_LEAKY_SLOPE;
  const value = ACTIVATION_RULES[activation].derivative?.(z, slope) ?? 1;
  const notes: Record<string, string> = {
    relu: z > 0 ? "z > 0" : "z \\le 0\\text{: a dead unit passes no error back}",
    leaky_relu: z > 0 ? "z > 0" : `z < 0\\text{: slope } ${n(slope)}`,
    sigmoid: "\\sigma'(z) = a(1-a)",
    tanh: "\\tanh'(z) = 1 - a^2",
    linear: "\\text{identity}",
    softmax: "",
  };
  return { value, note: notes[activation] };
}

function outputDeltaStep(instance: Instance, s: Solution): Step {
  const L = instance.layers.length;
  const a = s.a[String(L)];
  const { y } = instance;
  const activation = instance.activations[L - 2];
  if (instance.loss === "cross_entropy") {
    const lines = a.map((ai, i) => `\\delta^{(${L})}_{${i + 1}} &= ${n(ai)} - ${f(y[i])} ${eq(s.delta[String(L)][i])} ${n(s.delta[String(L)][i])}`);
    const why = activation === "softmax" ? "softmax with cross-entropy" : "sigmoid with cross-entropy";
    return { title: `Output error δ^(${L})`, latex: `\\text{For ${why} the derivative simplifies: } \\delta^{(${L})} = a^{(${L})} - y\\\\[4pt]${aligned(lines)}` };
  }
  if (activation === "softmax") {
    const lines = s.delta[String(L)].map((d, i) => `\\delta^{(${L})}_{${i + 1}} &${eq(d)} ${n(d)}`);
    return {
      title: `Output error δ^(${L})`,
      latex: `\\delta^{(${L})}_i = a_i\\Big((a_i - y_i) - \\sum_k a_k (a_k - y_k)\\Big)\\\\[4pt]${aligned(lines)}`,
    };
  }
  const lines = a.map((ai, i) => {
    const z = s.z[String(L)][i];
    const d = derivativeText(instance, L, z);
    const delta = s.delta[String(L)][i];
    return `\\delta^{(${L})}_{${i + 1}} &= (${n(ai)} - ${f(y[i])})\\cdot ${f(d.value)} ${eq(delta)} ${n(delta)} && ${d.note}`;
  });
  return {
    title: `Output error δ^(${L})`,
    latex: `\\delta^{(${L})}_i = \\frac{\\partial J}{\\partial a^{(${L})}_i}\\, g'(z^{(${L})}_i) = (a^{(${L})}_i - y_i)\\, g'(z^{(${L})}_i)\\\\[4pt]${aligned(lines)}`,
  };
}

function hiddenDeltaStep(instance: Instance, s: Solution, l: number): Step {
  const next = instance.theta[String(l + 1)];
  const dNext = s.delta[String(l + 1)];
  const lines = s.delta[String(l)].map((delta, r) => {
    const j = r + 1;
    const z = s.z[String(l)][r];
    const d = derivativeText(instance, l, z);
    const sum = next.map((row, i) => `${f(row[j])}\\cdot${f(dNext[i])}`).join(" + ");
    return `\\delta^{(${l})}_{${j}} &= ${f(d.value)}\\cdot\\left[${sum}\\right] ${eq(delta)} ${n(delta)} && ${d.note}`;
  });
  return {
    title: `Back-propagate to layer ${l}`,
    latex: `\\delta^{(${l})}_j = g'(z^{(${l})}_j)\\sum_i \\Theta^{(${l + 1})}_{ij}\\,\\delta^{(${l + 1})}_i \\quad\\text{(the bias column of }\\Theta^{(${l + 1})}\\text{ is skipped)}\\\\[4pt]${aligned(lines)}`,
  };
}

function gradientStep(instance: Instance, s: Solution, l: number, j: number, k: number): Step {
  const delta = s.delta[String(l)][j - 1];
  const input = k === 0 ? 1 : s.a[String(l - 1)][k - 1];
  const g = s.grad[String(l)][j - 1][k];
  const inputName = k === 0 ? `a^{(${l - 1})}_0` : `a^{(${l - 1})}_{${k}}`;
  return {
    title: `Gradient of Θ^(${l})_${indexPair(j, k)}`,
    latex: `\\frac{\\partial J}{\\partial \\Theta^{(${l})}_{${indexPair(j, k)}}} = \\delta^{(${l})}_{${j}}\\cdot ${inputName} = ${f(delta)}\\cdot${f(input)} ${eq(g)} ${n(g)}${k === 0 ? "\\quad(\\text{bias: } a_0 = 1)" : ""}`,
  };
}

function matrixStep(instance: Instance, s: Solution, l: number): Step {
  const delta = s.delta[String(l)];
  const prev = [1, ...s.a[String(l - 1)]];
  return {
    title: `Whole gradient ∂J/∂Θ^(${l})`,
    latex: `\\frac{\\partial J}{\\partial \\Theta^{(${l})}} = \\delta^{(${l})}\\begin{bmatrix}1 & a^{(${l - 1})\\top}\\end{bmatrix} = ${matrixLatex(delta.map((d) => [d]))}${matrixLatex([prev])} \\approx ${matrixLatex(s.grad[String(l)])}`,
  };
}

/** The worked solution of a target: forward pass, cost, output error, back-propagation, gradient, update. */
export function explainTarget(instance: Instance, target: Target, alpha?: number): Explanation {
  const s = solve(instance);
  const L = instance.layers.length;
  const forwardTo = target.kind === "z" || target.kind === "a" ? Math.max(target.l, 1) : L;
  const steps = forwardSteps(instance, s, forwardTo);
  if (target.kind === "z" || target.kind === "a") {
    const answer = scalarValue(instance, s, target);
    steps.push({ title: "Answer", latex: `${targetLatex(target)} ${eq(answer)} ${n(answer)}` });
    return { answer, steps };
  }
  if (target.kind === "J") {
    steps.push(costStep(instance, s));
    return { answer: s.J, steps };
  }
  steps.push(outputDeltaStep(instance, s));
  for (let l = L - 1; l >= target.l; l--) steps.push(hiddenDeltaStep(instance, s, l));
  if (target.kind === "delta") {
    const answer = scalarValue(instance, s, target);
    steps.push({ title: "Answer", latex: `${targetLatex(target)} ${eq(answer)} ${n(answer)}` });
    return { answer, steps };
  }
  if (isMatrixTarget(target)) {
    steps.push(matrixStep(instance, s, target.l));
    return { answer: matrixValue(s, target), steps };
  }
  steps.push(gradientStep(instance, s, target.l, target.j, target.k));
  if (target.kind === "grad") return { answer: s.grad[String(target.l)][target.j - 1][target.k], steps };
  const rate = alphaOf(target, alpha);
  const weight = instance.theta[String(target.l)][target.j - 1][target.k];
  const g = s.grad[String(target.l)][target.j - 1][target.k];
  const answer = weight - rate * g;
  const idx = indexPair(target.j, target.k);
  steps.push({
    title: "Gradient-descent step",
    latex: `\\Theta^{(${target.l})}_{${idx}} := \\Theta^{(${target.l})}_{${idx}} - \\alpha\\,\\frac{\\partial J}{\\partial \\Theta^{(${target.l})}_{${idx}}} = ${n(weight)} - ${n(rate)}\\cdot${f(g)} ${eq(answer)} ${n(answer)}`,
  });
  return { answer, steps };
}
