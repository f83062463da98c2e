// Server component: the network of an instance as an SVG — units, bias units, weighted edges, layer captions.
// The SVG is written as one markup string: as React elements its ~100 nodes cost more to serialise twice (RSC payload
// and HTML) than all the rest of the statement. Every text and attribute value goes through escape-html.
import escapeHtml from "escape-html";
import { describeNetwork, type Activation, type DiagramEdge, type DiagramNode, type Instance } from "@/lib/backprop";
import { ACTIVATION_LABELS } from "@/lib/practice/present";
import { trueMinus } from "@/app/ui/format";
import styles from "./network-diagram.module.css";

const NODE_R = 25;
const BIAS_R = 19;
/** Weight labels render at 15 units on wide screens and 18 on phones (CSS); they are placed for the larger size. */
const WEIGHT_FONT = 18;
const NODE_FONT = 18;
const CHAR_W = 0.6 * WEIGHT_FONT;
/** Edge colours by receiving unit, so a weight label is easy to match with its edge. */
const PALETTE = ["#1d4ed8", "#c2410c", "#047857", "#7e22ce", "#0e7490", "#be123c"];

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface PlacedLabel {
  edge: DiagramEdge;
  x: number;
  y: number;
  text: string;
  color: string;
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

export function formatWeight(w: number): string {
  return trueMinus(String(Number(w.toFixed(4))));
}

const colorOf = (edge: DiagramEdge) => PALETTE[(edge.j - 1) % PALETTE.length];

/** Whether the segment p→q passes through the box (Liang–Barsky clipping). */
function segmentHitsBox(p: { x: number; y: number }, q: { x: number; y: number }, b: Box): boolean {
  // the segment's bounding box misses the box: no need to clip
  if (Math.max(p.x, q.x) < b.x || Math.min(p.x, q.x) > b.x + b.w || Math.max(p.y, q.y) < b.y || Math.min(p.y, q.y) > b.y + b.h) return false;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (den: number, num: number) => {
    if (den === 0) return num >= 0;
    const t = num / den;
    if (den < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, p.x - b.x) && clip(dx, b.x + b.w - p.x) && clip(-dy, p.y - b.y) && clip(dy, b.y + b.h - p.y) && t0 <= t1;
}

/** Preferred spot along an edge: close to the receiving unit, where the edges into one unit fan apart. */
const PREFERRED_T = 0.72;
const CANDIDATE_TS = Array.from({ length: 21 }, (_, i) => 0.25 + i * 0.03).sort((a, b) => Math.abs(a - PREFERRED_T) - Math.abs(b - PREFERRED_T));

/**
 * Weight labels sit on their own edge, near the receiving unit. Each takes the spot along its edge that
 * overlaps no unit and no earlier label, and that other edges do not cross (so it cannot be misread).
 */
export function placeLabels(nodes: DiagramNode[], edges: DiagramEdge[]): PlacedLabel[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const obstacles: Box[] = nodes.map((n) => {
    const r = (n.bias ? BIAS_R : NODE_R) + 3;
    return { x: n.x - r, y: n.y - r, w: 2 * r, h: 2 * r };
  });
  const segments = edges.flatMap((e) => {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    return from && to ? [{ edge: e, from, to }] : [];
  });
  // keep arrowheads visible
  for (const { from, to } of segments) {
    const tip = rimPoints(from, to);
    const ux = (tip.x2 - tip.x1) / Math.hypot(tip.x2 - tip.x1, tip.y2 - tip.y1);
    const uy = (tip.y2 - tip.y1) / Math.hypot(tip.x2 - tip.x1, tip.y2 - tip.y1);
    obstacles.push({ x: tip.x2 - ux * 6 - 6, y: tip.y2 - uy * 6 - 6, w: 12, h: 12 });
  }
  const placed: Box[] = [];
  const labels: PlacedLabel[] = [];
  for (const { edge, from, to } of segments) {
    const text = formatWeight(edge.weight);
    const w = text.length * CHAR_W + 6;
    const h = WEIGHT_FONT + 2;
    let best: { x: number; y: number; box: Box; cost: number } | null = null;
    // Candidates come nearest the preferred spot first, so their position cost only grows: once it alone reaches the
    // best cost, no later spot can win, and a spot stops being costed once it is no better (the first best stays).
    for (const t of CANDIDATE_TS) {
      const positionCost = Math.abs(t - PREFERRED_T) * 150;
      if (best && positionCost >= best.cost) break;
      const x = from.x + (to.x - from.x) * t;
      const y = from.y + (to.y - from.y) * t;
      const box = { x: x - w / 2, y: y - h / 2, w, h };
      let cost = positionCost;
      for (const b of obstacles) cost += overlap(box, b) * 4;
      for (const b of placed) cost += overlap(box, b) * 4;
      for (const other of segments) {
        if (best && cost >= best.cost) break;
        if (other.edge !== edge && segmentHitsBox(other.from, other.to, box)) cost += 120;
      }
      if (!best || cost < best.cost) best = { x, y, box, cost };
    }
    if (!best) continue;
    placed.push(best.box);
    labels.push({ edge, x: best.x, y: best.y, text, color: colorOf(edge) });
  }
  return labels;
}

/** Start and end of an edge on the circles' rims, so arrowheads stay visible. */
function rimPoints(from: DiagramNode, to: DiagramNode) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const r1 = from.bias ? BIAS_R : NODE_R;
  const r2 = (to.bias ? BIAS_R : NODE_R) + 3;
  return { x1: from.x + (dx / len) * r1, y1: from.y + (dy / len) * r1, x2: to.x - (dx / len) * r2, y2: to.y - (dy / len) * r2 };
}

function layerCaption(layer: number, count: number, activation: Activation | undefined): { title: string; detail: string } {
  if (layer === 1) return { title: `Layer 1`, detail: "input" };
  const name = activation ? ACTIVATION_LABELS[activation] : "";
  return { title: `Layer ${layer}`, detail: layer === count ? `${name}, output` : name };
}

/** Unit label such as x₁ or a₂, with the layer as a superscript for hidden and output units. */
function nodeLabelSvg(node: DiagramNode): string {
  if (node.bias) {
    return `<text x="${node.x}" y="${node.y}" class="${styles.biasLabel}" text-anchor="middle" dominant-baseline="central">+1</text>`;
  }
  const layer = node.layer > 1 ? `<tspan dy="-8" font-size="${NODE_FONT * 0.6}">(${node.layer})</tspan>` : "";
  return `<text x="${node.x}" y="${node.y}" class="${styles.nodeLabel}" text-anchor="middle" dominant-baseline="central" font-size="${NODE_FONT}">${escapeHtml(node.label)}${layer}</text>`;
}

/** The drawing's SVG markup: edges with arrowheads, then units, then weight labels (on top). */
function networkSvg(nodes: DiagramNode[], edges: DiagramEdge[], viewBox: string, titleId: string, summary: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const markers = PALETTE.map(
    (color, i) =>
      `<marker id="arrow-${i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z" fill="${color}"></path></marker>`,
  ).join("");
  const lines = edges
    .map((edge) => {
      const from = byId.get(edge.from);
      const to = byId.get(edge.to);
      if (!from || !to) return "";
      const p = rimPoints(from, to);
      return `<line x1="${p.x1}" y1="${p.y1}" x2="${p.x2}" y2="${p.y2}" stroke="${colorOf(edge)}" class="${edge.k === 0 ? styles.biasEdge : styles.edge}" marker-end="url(#arrow-${(edge.j - 1) % PALETTE.length})"></line>`;
    })
    .join("");
  const units = nodes
    .map((node) => {
      const [r, cls] = node.bias ? [BIAS_R, styles.bias] : [NODE_R, node.layer === 1 ? styles.input : styles.unit];
      return `<g><circle cx="${node.x}" cy="${node.y}" r="${r}" class="${cls}"></circle>${nodeLabelSvg(node)}</g>`;
    })
    .join("");
  const weights = placeLabels(nodes, edges)
    .map(
      (label) =>
        `<text x="${label.x}" y="${label.y}" fill="${label.color}" class="${styles.weight}" text-anchor="middle" dominant-baseline="central"><title>${escapeHtml(`Θ(${label.edge.l})_${label.edge.j},${label.edge.k} = ${label.edge.weight}`)}</title>${escapeHtml(label.text)}</text>`,
    )
    .join("");
  return (
    `<svg viewBox="${viewBox}" class="${styles.svg}" role="img" aria-labelledby="${escapeHtml(titleId)}" preserveAspectRatio="xMidYMid meet">` +
    `<title id="${escapeHtml(titleId)}">${escapeHtml(summary)}</title><defs>${markers}</defs><g class="${styles.edges}">${lines}</g><g>${units}</g><g>${weights}</g></svg>`
  );
}

export function NetworkDiagram({ instance, title }: { instance: Instance; title?: string }) {
  const diagram = describeNetwork(instance);
  const { nodes, edges } = diagram;
  // A tight view box around the units: the captions go underneath in HTML, where text stays readable.
  const pad = 8;
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const vb = {
    x: Math.min(...xs) - NODE_R - pad,
    y: Math.min(...ys) - NODE_R - pad,
    w: Math.max(...xs) - Math.min(...xs) + 2 * (NODE_R + pad),
    h: Math.max(...ys) - Math.min(...ys) + 2 * (NODE_R + pad),
  };
  const L = instance.layers.length;
  const columns = Array.from({ length: L }, (_, i) => {
    const layer = i + 1;
    const x = nodes.find((n) => n.layer === layer)?.x ?? 0;
    return { layer, x, ...layerCaption(layer, L, instance.activations[i - 1]) };
  });
  const summary =
    title ??
    `Network with layers ${instance.layers.join("-")}: ` +
      columns.map((c) => `${c.title} (${c.detail}, ${instance.layers[c.layer - 1]} units)`).join(", ") +
      ". Every layer but the last has a bias unit +1.";
  const titleId = `net-title-${instance.layers.join("-")}`;

  return (
    <figure className={styles.figure}>
      {/* focusable: on a phone a deep network scrolls sideways rather than shrinking its weights to specks */}
      <div className={styles.scroller} tabIndex={0} role="group" aria-label="Network drawing">
        <div
          className={styles.canvas}
          style={{ maxWidth: `${Math.round(vb.w * 1.3)}px`, minWidth: `${instance.layers.length >= 4 ? 560 : 340}px` }}
        >
          {/* display: contents, so the SVG lays out as the canvas's own child */}
          <div className={styles.svgHost} dangerouslySetInnerHTML={{ __html: networkSvg(nodes, edges, `${vb.x} ${vb.y} ${vb.w} ${vb.h}`, titleId, summary) }} />
          <div className={styles.captions} aria-hidden="true">
            {columns.map((c, i) => (
              <span
                key={c.layer}
                className={`${styles.caption} ${i === 0 ? styles.captionFirst : i === columns.length - 1 ? styles.captionLast : ""}`}
                style={{ left: `${((c.x - vb.x) / vb.w) * 100}%` }}
              >
                <strong>{c.title}</strong>
                <span>{c.detail}</span>
              </span>
            ))}
          </div>
        </div>
      </div>
    </figure>
  );
}
