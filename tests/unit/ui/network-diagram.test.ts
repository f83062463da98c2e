// The network drawing: weight labels (one per edge, on its own edge, clear of the units and of each other) and the
// SVG markup, written as a string, so its escaping is the component's own job.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describeNetwork } from "@/lib/backprop";
import { PRESETS } from "@/lib/backprop/presets";
import { generateItemVariant } from "@/lib/homework/item-spec";
import { NetworkDiagram, formatWeight, placeLabels } from "@/app/ui/network-diagram";

const SEEDS = 40;
// the drawing's sizes: 18-unit text at 0.6 em a character (placement adds 3 units of margin around it, which may
// touch), units of radius 25 (bias units 19)
const labelBox = (x: number, y: number, text: string) => ({ x: x - (text.length * 10.8) / 2, y: y - 9, w: text.length * 10.8, h: 18 });
type Box = ReturnType<typeof labelBox>;
const overlapArea = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

describe("placeLabels", () => {
  for (const preset of PRESETS) {
    it(`${preset.name}: every weight labelled on its own edge, over no unit and no other label (${SEEDS} seeds)`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const { nodes, edges } = describeNetwork(generateItemVariant({ preset: preset.name, specJson: null, toleranceJson: "{}" }, seed).instance);
        const labels = placeLabels(nodes, edges);
        expect(labels.map((l) => l.edge)).toEqual(edges);
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const boxes = labels.map((label) => {
          expect(label.text).toBe(formatWeight(label.edge.weight));
          const from = byId.get(label.edge.from)!;
          const to = byId.get(label.edge.to)!;
          // on the segment: collinear, and strictly between the two units
          const t = Math.abs(to.x - from.x) > Math.abs(to.y - from.y) ? (label.x - from.x) / (to.x - from.x) : (label.y - from.y) / (to.y - from.y);
          expect(t).toBeGreaterThan(0.2);
          expect(t).toBeLessThan(0.9);
          expect(label.x).toBeCloseTo(from.x + (to.x - from.x) * t, 6);
          expect(label.y).toBeCloseTo(from.y + (to.y - from.y) * t, 6);
          return labelBox(label.x, label.y, label.text);
        });
        for (const [i, box] of boxes.entries()) {
          for (const node of nodes) {
            const r = node.bias ? 19 : 25;
            expect(overlapArea(box, { x: node.x - r, y: node.y - r, w: 2 * r, h: 2 * r }), `seed ${seed}: label ${labels[i].text} over unit ${node.id}`).toBe(0);
          }
          // in crowded deep layers two labels may graze each other: a sliver, never a covered digit
          for (const other of boxes.slice(i + 1)) {
            expect(overlapArea(box, other), `seed ${seed}: label ${labels[i].text} over another`).toBeLessThanOrEqual(0.02 * Math.min(box.w * box.h, other.w * other.h));
          }
        }
      }
    });
  }
});

describe("NetworkDiagram markup", () => {
  const instance = generateItemVariant({ preset: "question-relu", specJson: null, toleranceJson: "{}" }, 7).instance;
  const { nodes, edges } = describeNetwork(instance);

  it("draws every edge, unit and weight, each weight with its full value in a tooltip", () => {
    const html = renderToStaticMarkup(createElement(NetworkDiagram, { instance }));
    expect(html.match(/<line /g)).toHaveLength(edges.length);
    expect(html.match(/<circle /g)).toHaveLength(nodes.length);
    for (const edge of edges) expect(html).toContain(`<title>Θ(${edge.l})_${edge.j},${edge.k} = ${edge.weight}</title>${formatWeight(edge.weight)}</text>`);
    expect(html.match(/>\+1<\/text>/g)).toHaveLength(nodes.filter((n) => n.bias).length);
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<title id="net-title-2-3-2">Network with layers 2-3-2: Layer 1 \(input, 2 units\)/);
  });

  it("escapes its text: a caller's title cannot inject markup", () => {
    const html = renderToStaticMarkup(createElement(NetworkDiagram, { instance, title: `"><script>alert(1)</script><img src=x onerror='alert(2)'>` }));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(2)&#39;&gt;</title>");
  });
});
