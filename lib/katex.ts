// KaTeX runs on the server only: pages and actions send finished HTML, never the KaTeX library.
import "server-only";
import katex from "katex";

/** Render LaTeX to HTML (with MathML for screen readers). Bad LaTeX shows in red rather than throwing. */
export function renderTex(tex: string, display = false): string {
  return katex.renderToString(tex, {
    displayMode: display,
    throwOnError: false,
    output: "htmlAndMathml",
    strict: "ignore",
    trust: false,
  });
}
