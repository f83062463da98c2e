// The network drawing as data: node positions and weighted edges, which the UI renders as SVG.
import type { Diagram, DiagramEdge, DiagramNode, Instance } from "./types";

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]);

const COLUMN_GAP = 220;
const ROW_GAP = 90;
const MARGIN = 60;

export function nodeId(layer: number, unit: number): string {
  return `n${layer}_${unit}`;
}

/** Lay out layers left to right; each layer but the last gets a bias unit "+1" on top. */
export function describeNetwork(instance: Instance): Diagram {
  const { layers } = instance;
  const L = layers.length;
  const tallest = Math.max(...layers.map((n, i) => n + (i < L - 1 ? 1 : 0)));
  const height = MARGIN * 2 + (tallest - 1) * ROW_GAP;
  const width = MARGIN * 2 + (L - 1) * COLUMN_GAP;
  const nodes: DiagramNode[] = [];
  layers.forEach((count, i) => {
    const layer = i + 1;
    const hasBias = layer < L;
    const slots = count + (hasBias ? 1 : 0);
    const top = MARGIN + ((tallest - slots) * ROW_GAP) / 2;
    const x = MARGIN + i * COLUMN_GAP;
    if (hasBias) nodes.push({ id: nodeId(layer, 0), layer, unit: 0, x, y: top, bias: true, label: "+1" });
    for (let unit = 1; unit <= count; unit++) {
      nodes.push({
        id: nodeId(layer, unit),
        layer,
        unit,
        x,
        y: top + (unit - (hasBias ? 0 : 1)) * ROW_GAP,
        bias: false,
        label: layer === 1 ? `x${sub(unit)}` : `a${sub(unit)}`,
        ...(layer > 1 ? { activation: instance.activations[layer - 2] } : {}),
      });
    }
  });
  const edges: DiagramEdge[] = [];
  for (let l = 2; l <= L; l++) {
    instance.theta[String(l)].forEach((row, r) =>
      row.forEach((weight, k) => edges.push({ from: nodeId(l - 1, k), to: nodeId(l, r + 1), l, j: r + 1, k, weight })),
    );
  }
  return { width, height, nodes, edges };
}
