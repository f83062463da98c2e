// KaTeX runs on the server only: pages and actions send finished HTML, never the KaTeX library.
import "server-only";
import katex from "katex";
import { lruCache } from "@/lib/collections";

// Rendered formulas by (display, tex): a question page renders the same steps in several parts, and every reload again.
// At most a few thousand formulas of a few kB each are kept.
const rendered = lruCache<string, string>(2000);

/** Render LaTeX to HTML (with MathML for screen readers). Bad LaTeX shows in red rather than throwing. */
export function renderTex(tex: string, display = false): string {
  return rendered.get(`${display ? "D" : "I"}${tex}`, () =>
    katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      output: "htmlAndMathml",
      strict: "ignore",
      trust: false,
    }),
  );
}
