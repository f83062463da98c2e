// KaTeX runs on the server only: pages and actions send finished HTML, never the KaTeX library.
import "server-only";
import katex from "katex";

/** Rendered formulas by (display, tex): a question page renders the same steps in several parts, and every reload again. */
const rendered = new Map<string, string>();
/** Bounds the memory: a few thousand formulas of a few kB each. */
const MAX_RENDERED = 2000;

/** Render LaTeX to HTML (with MathML for screen readers). Bad LaTeX shows in red rather than throwing. */
export function renderTex(tex: string, display = false): string {
  const key = `${display ? "D" : "I"}${tex}`;
  const hit = rendered.get(key);
  if (hit !== undefined) {
    // most recently used last, so the oldest is dropped first
    rendered.delete(key);
    rendered.set(key, hit);
    return hit;
  }
  const html = katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    output: "htmlAndMathml",
    strict: "ignore",
    trust: false,
  });
  if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, html);
  return html;
}
