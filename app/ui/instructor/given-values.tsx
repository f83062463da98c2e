// Server component: the values a student is given for an instance, typeset with KaTeX.
import { alphaOf, formatNumber, type Instance, type Matrix, type Target } from "@/lib/backprop";
import { TeX } from "@/app/ui/math";
import styles from "./instructor.module.css";

/** A number for LaTeX: formatNumber, with an exponent written as ×10^n. */
export function texNumber(value: number, digits = 4): string {
  const text = formatNumber(value, digits);
  return text.includes("e") ? text.replace(/e(-?\d+)$/, "\\times 10^{$1}") : text;
}

export function matrixTex(rows: Matrix, digits = 4): string {
  return `\\begin{bmatrix}${rows.map((row) => row.map((v) => texNumber(v, digits)).join(" & ")).join(" \\\\ ")}\\end{bmatrix}`;
}

const columnTex = (values: number[]) => matrixTex(values.map((v) => [v]));

function activationTex(instance: Instance, layer: number): string {
  const activation = instance.activations[layer - 2];
  const g = `g^{(${layer})}(z)`;
  switch (activation) {
    case "relu":
      return `${g} = \\max(0, z)\\quad\\text{(ReLU)}`;
    case "leaky_relu":
      return `${g} = \\begin{cases} z & z > 0 \\\\ ${texNumber(instance.leakySlope ?? 0.01)}\\,z & z \\le 0 \\end{cases}\\quad\\text{(leaky ReLU)}`;
    case "sigmoid":
      return `${g} = \\sigma(z) = \\frac{1}{1+e^{-z}}`;
    case "tanh":
      return `${g} = \\tanh(z)`;
    case "linear":
      return `${g} = z\\quad\\text{(linear)}`;
    case "softmax":
      return `g^{(${layer})}(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}\\quad\\text{(softmax)}`;
  }
}

function costTex(instance: Instance): string {
  const L = instance.layers.length;
  if (instance.loss === "half_sse") return `J = \\tfrac12 \\sum_i \\left(a^{(${L})}_i - y_i\\right)^2`;
  if (instance.activations[L - 2] === "softmax") return `J = -\\sum_i y_i \\ln a^{(${L})}_i`;
  return `J = -\\sum_i \\left[y_i \\ln a^{(${L})}_i + (1 - y_i) \\ln\\left(1 - a^{(${L})}_i\\right)\\right]`;
}

export function GivenValues({ instance, parts }: { instance: Instance; parts: Target[] }) {
  const L = instance.layers.length;
  const layers = Array.from({ length: L - 1 }, (_, i) => i + 2);
  const alphas = [...new Set(parts.filter((p) => p.kind === "update").map((p) => alphaOf(p)))];
  return (
    <div>
      <div className={styles.tiles}>
        <div className={styles.tile}>
          <TeX display tex={`x = a^{(1)} = ${columnTex(instance.x)}`} />
          <span className={styles.tileNote}>input</span>
        </div>
        <div className={styles.tile}>
          <TeX display tex={`y = ${columnTex(instance.y)}`} />
          <span className={styles.tileNote}>target</span>
        </div>
        {layers.map((l) => (
          <div key={l} className={styles.tile}>
            <TeX display tex={`\\Theta^{(${l})} = ${matrixTex(instance.theta[String(l)])}`} />
            <span className={styles.tileNote}>
              layer {l - 1} → {l}, bias column first
            </span>
          </div>
        ))}
      </div>
      <dl className={styles.facts}>
        <dt>Activations</dt>
        <dd>
          {layers.map((l) => (
            <TeX key={l} display tex={activationTex(instance, l)} />
          ))}
        </dd>
        <dt>Cost</dt>
        <dd>
          <TeX display tex={costTex(instance)} />
        </dd>
        {alphas.length ? (
          <>
            <dt>Learning rate</dt>
            <dd>
              <TeX display tex={`\\alpha = ${alphas.map((a) => texNumber(a)).join(",\\ ")}`} />
            </dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
