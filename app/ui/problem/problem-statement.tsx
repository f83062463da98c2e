// The statement of a problem: the network drawn as SVG and the given values typeset by KaTeX on the server.
import { formatNumber, type Instance, type Target } from "@/lib/backprop";
import { ACTIVATION_LABELS, costLatex, learningRates } from "@/lib/practice/present";
import { TeX } from "@/app/ui/math";
import { trueMinus } from "@/app/ui/format";
import { NetworkDiagram } from "@/app/ui/network-diagram";
import styles from "./problem-statement.module.css";

export function ProblemStatement({ instance, parts }: { instance: Instance; parts: readonly Target[] }) {
  return (
    <>
      <section className={`card ${styles.section} ${styles.networkCard}`} aria-labelledby="network-heading">
        <h2 id="network-heading" className={styles.h2}>
          The network
        </h2>
        <NetworkDiagram instance={instance} />
        <p className={styles.legend}>
          <span className={styles.legendBias} aria-hidden="true" /> bias unit (+1, dashed edges) · each number is the
          weight on its edge, written next to the unit it feeds
        </p>
      </section>
      <section className={`card ${styles.section}`} aria-labelledby="given-heading">
        <h2 id="given-heading" className={styles.h2}>
          Given
        </h2>
        <Given instance={instance} alphas={learningRates(parts)} />
        <p className={styles.notation}>
          <strong>Notation.</strong> <TeX tex="\Theta^{(l)}_{jk}" />: weight from unit <em>k</em> of layer{" "}
          <em>l</em>−1 to unit <em>j</em> of layer <em>l</em>; column 0 is the bias (<TeX tex="a_0 = 1" />
          ). <TeX tex="\delta^{(l)}_j = \partial J / \partial z^{(l)}_j" />.
        </p>
      </section>
    </>
  );
}

/**
 * A given vector or matrix: its name typeset by KaTeX (the same few names on every page, so they come from KaTeX's
 * cache) and the numbers as a bracketed HTML table in KaTeX's font. Typesetting the numbers with KaTeX cost ~2 ms and
 * ~16 kB of HTML a page, sent twice (HTML and RSC payload), for numbers that change with every variant.
 */
function NamedMatrix({ nameTex, rows }: { nameTex: string; rows: number[][] }) {
  return (
    <div className={styles.equation}>
      <TeX tex={`${nameTex} =`} />
      <span className={styles.bracket}>
        <table className={styles.numbers}>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {row.map((v, k) => (
                  <td key={k}>
                    <NumberText value={v} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </span>
    </div>
  );
}

const column = (values: number[]) => values.map((v) => [v]);

/** A number as typeset: a true minus sign, and a power of ten written out if the number needs one. */
function NumberText({ value }: { value: number }) {
  const [mantissa, exponent] = formatNumber(value).split("e");
  return exponent === undefined ? (
    trueMinus(mantissa)
  ) : (
    <>
      {trueMinus(mantissa)}×10<sup>{trueMinus(exponent)}</sup>
    </>
  );
}

function activationTex(instance: Instance, layer: number): string {
  const activation = instance.activations[layer - 2];
  if (activation === "leaky_relu") {
    const slope = formatNumber(instance.leakySlope ?? 0.01);
    return `g^{(${layer})}(z) = \\begin{cases} z & z > 0 \\\\ ${slope}\\,z & z \\le 0 \\end{cases}`;
  }
  const names: Record<string, string> = {
    relu: "\\operatorname{ReLU}(z) = \\max(0, z)",
    sigmoid: "\\sigma(z) = \\frac{1}{1+e^{-z}}",
    tanh: "\\tanh(z)",
    linear: "z \\;\\;\\text{(linear)}",
    softmax: "\\operatorname{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}}",
  };
  return `g^{(${layer})}(z) = ${names[activation]}`;
}

function Given({ instance, alphas }: { instance: Instance; alphas: number[] }) {
  const L = instance.layers.length;
  const layers = Array.from({ length: L - 1 }, (_, i) => i + 2);
  return (
    <div className={styles.given}>
      <div className={styles.vectors}>
        <div className={styles.mathTile} tabIndex={0} role="group" aria-label="input x">
          <NamedMatrix nameTex="x = a^{(1)}" rows={column(instance.x)} />
          <span className={styles.tileNote}>input</span>
        </div>
        <div className={styles.mathTile} tabIndex={0} role="group" aria-label="target y">
          <NamedMatrix nameTex="y" rows={column(instance.y)} />
          <span className={styles.tileNote}>target</span>
        </div>
      </div>
      <div className={styles.matrices}>
        {layers.map((l) => (
          <div key={l} className={styles.mathTile} tabIndex={0} role="group" aria-label={`weights Θ(${l})`}>
            <NamedMatrix nameTex={`\\Theta^{(${l})}`} rows={instance.theta[String(l)]} />
            <span className={styles.tileNote}>
              {instance.layers[l - 1]} × {instance.layers[l - 2] + 1}: layer {l - 1} → layer {l}, bias column first
            </span>
          </div>
        ))}
      </div>
      <dl className={styles.facts}>
        <div className={styles.fact}>
          <dt>Activations</dt>
          <dd>
            {layers.map((l) => (
              <div key={l} className={styles.factMath}>
                <span className="sr-only">
                  Layer {l}: {ACTIVATION_LABELS[instance.activations[l - 2]]}.
                </span>
                <TeX display tex={activationTex(instance, l)} />
              </div>
            ))}
          </dd>
        </div>
        <div className={styles.fact}>
          <dt>Cost</dt>
          <dd className={styles.factMath}>
            <TeX display tex={costLatex(instance)} />
          </dd>
        </div>
        {alphas.length ? (
          <div className={styles.fact}>
            <dt>Learning rate</dt>
            <dd className={styles.factMath}>
              <TeX display tex={`\\alpha = ${alphas.map((a) => formatNumber(a)).join(",\\ ")}`} />
            </dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}

