// A deliberately small, safe Markdown renderer: it builds React elements (so every character of the
// source is escaped) and knows paragraphs, headings, lists, code, **bold**, *italic* and http(s) links.
// No raw HTML, no images, no other URL schemes. Usable from server and client components alike.
import { Fragment, type ReactNode } from "react";

export interface MarkdownProps {
  source: string;
  className?: string;
}

type Block =
  | { kind: "p"; text: string }
  | { kind: "h"; level: 1 | 2 | 3; text: string }
  | { kind: "ul" | "ol"; items: string[]; start: number }
  | { kind: "code"; text: string };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,3})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}```/;

/** Split the source into blocks: blank lines end paragraphs and lists; ``` fences keep their text verbatim. */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: Extract<Block, { kind: "ul" | "ol" }> | null = null;

  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "p", text: paragraph.join("\n") });
    if (list) blocks.push(list);
    paragraph = [];
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i]); i++) code.push(lines[i]);
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    if (line.trim() === "") {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "h", level: heading[1].length as 1 | 2 | 3, text: heading[2] });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const kind = bullet ? "ul" : "ol";
      const text = bullet ? bullet[1] : numbered![2];
      if (paragraph.length || (list && list.kind !== kind)) flush();
      if (!list) list = { kind, items: [], start: numbered ? Number(numbered[1]) : 1 };
      list.items.push(text);
      continue;
    }
    // a line right after a list item continues that item; otherwise it belongs to the paragraph
    if (list) list.items[list.items.length - 1] += `\n${line.trim()}`;
    else paragraph.push(line.trim());
  }
  flush();
  return blocks;
}

/** http(s) links only; anything else (javascript:, data:, relative paths) renders as plain text. */
export function safeHref(raw: string): string | null {
  const href = raw.trim();
  if (!/^https?:\/\//i.test(href)) return null;
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

const ESCAPABLE = "\\`*_[]()#+-.!";
const MAX_DEPTH = 8;

/**
 * Inline spans. A delimiter with no closer later in the text is remembered, so a line of
 * thousands of stray asterisks is still linear rather than quadratic.
 */
export function renderInline(text: string, depth = 0): ReactNode[] {
  const out: ReactNode[] = [];
  const exhausted = new Set<string>();
  let plain = "";
  let key = 0;
  const push = (node: ReactNode) => {
    if (plain) out.push(plain);
    plain = "";
    out.push(<Fragment key={key++}>{node}</Fragment>);
  };
  /** Index of the closing delimiter after `from`, or -1 (and remember that it never closes). */
  const closer = (delim: string, from: number) => {
    if (exhausted.has(delim)) return -1;
    const at = text.indexOf(delim, from);
    if (at === -1) exhausted.add(delim);
    return at;
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\\" && i + 1 < text.length && ESCAPABLE.includes(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const end = closer("`", i + 1);
      if (end > i + 1) {
        push(<code>{text.slice(i + 1, end)}</code>);
        i = end + 1;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (text.startsWith("**", i) || text.startsWith("__", i))) {
      const delim = text.slice(i, i + 2);
      const end = closer(delim, i + 2);
      const inner = end > i + 2 ? text.slice(i + 2, end) : "";
      if (inner && inner.trim() === inner) {
        push(<strong>{renderInline(inner, depth + 1)}</strong>);
        i = end + 2;
        continue;
      }
    }
    if (depth < MAX_DEPTH && (ch === "*" || ch === "_") && text[i + 1] !== ch) {
      // "_" only at a word boundary, so snake_case_names stay as they are
      const opens = ch === "*" || i === 0 || !/\w/.test(text[i - 1]);
      const end = opens ? closer(ch, i + 1) : -1;
      const inner = end > i + 1 ? text.slice(i + 1, end) : "";
      const closes = ch === "*" || end + 1 >= text.length || !/\w/.test(text[end + 1]);
      if (inner && inner.trim() === inner && closes) {
        push(<em>{renderInline(inner, depth + 1)}</em>);
        i = end + 1;
        continue;
      }
    }
    if (ch === "[") {
      const mid = closer("](", i + 1);
      const end = mid === -1 ? -1 : closer(")", mid + 2);
      if (mid !== -1 && end !== -1 && !text.slice(i + 1, mid).includes("\n")) {
        const label = text.slice(i + 1, mid);
        const href = safeHref(text.slice(mid + 2, end));
        if (href && label.trim()) {
          push(
            <a href={href} rel="noopener noreferrer nofollow">
              {renderInline(label, depth + 1)}
            </a>,
          );
          i = end + 1;
          continue;
        }
      }
    }
    plain += ch;
    i++;
  }
  if (plain) out.push(plain);
  return out;
}

export function Markdown({ source, className }: MarkdownProps) {
  const blocks = parseBlocks(source);
  return (
    <div className={className}>
      {blocks.map((block, index) => {
        switch (block.kind) {
          case "p":
            return <p key={index}>{renderInline(block.text)}</p>;
          case "h": {
            // the page owns h1/h2: a description's headings start at h3
            const Tag = (["h3", "h4", "h5"] as const)[block.level - 1];
            return <Tag key={index}>{renderInline(block.text)}</Tag>;
          }
          case "ul":
            return (
              <ul key={index}>
                {block.items.map((item, j) => (
                  <li key={j}>{renderInline(item)}</li>
                ))}
              </ul>
            );
          case "ol":
            return (
              <ol key={index} start={block.start === 1 ? undefined : block.start}>
                {block.items.map((item, j) => (
                  <li key={j}>{renderInline(item)}</li>
                ))}
              </ol>
            );
          case "code":
            return (
              <pre key={index}>
                <code>{block.text}</code>
              </pre>
            );
        }
      })}
    </div>
  );
}
