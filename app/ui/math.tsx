// Server component: LaTeX typeset by KaTeX during rendering, so no KaTeX code reaches the browser.
import { renderTex } from "@/lib/katex";

export interface MathProps {
  tex: string;
  /** display (block) math instead of inline */
  display?: boolean;
  className?: string;
}

export function Math({ tex, display = false, className }: MathProps) {
  const html = renderTex(tex, display);
  const Tag = display ? "div" : "span";
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The same component under a name that does not shadow the global `Math` object. */
export { Math as TeX };
