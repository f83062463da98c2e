// The set description renderer: Markdown in, React elements out, nothing executable ever.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, parseBlocks, safeHref } from "@/app/ui/markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, { source }));

describe("Markdown", () => {
  it("renders paragraphs, emphasis, code and lists", () => {
    expect(html("Hello **bold** and *it* and `x*y`\n\nSecond")).toBe(
      "<div><p>Hello <strong>bold</strong> and <em>it</em> and <code>x*y</code></p><p>Second</p></div>",
    );
    expect(html("- one\n- two\n\n1. a\n2. b")).toBe("<div><ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol></div>");
    expect(html("3. c\n4. d")).toBe('<div><ol start="3"><li>c</li><li>d</li></ol></div>');
    expect(html("# Title")).toBe("<div><h3>Title</h3></div>");
  });

  it("escapes raw HTML instead of rendering it", () => {
    const out = html('<script>alert(1)</script> <img src=x onerror="alert(1)">');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;");
  });

  it("links http(s) only", () => {
    expect(html("[notes](https://example.com/a?b=1)")).toBe('<div><p><a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow">notes</a></p></div>');
    expect(html("[x](javascript:alert(1))")).not.toContain("<a");
    expect(html("[x](data:text/html,hi)")).not.toContain("<a");
    expect(safeHref(" HTTPS://example.com ")).toBe("https://example.com/");
    expect(safeHref("/relative")).toBeNull();
  });

  it("leaves snake_case and stray markers alone", () => {
    expect(html("a snake_case_name and 2 * 3 * 4")).toBe("<div><p>a snake_case_name and 2 * 3 * 4</p></div>");
    expect(html("\\*not italic\\*")).toBe("<div><p>*not italic*</p></div>");
  });

  it("stays fast on pathological input", () => {
    const start = performance.now();
    html("*".repeat(20_000));
    html("[a](".repeat(5_000));
    html("**a ".repeat(5_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it("keeps fenced code verbatim", () => {
    expect(parseBlocks("```\n**not bold**\n```")).toEqual([{ kind: "code", text: "**not bold**" }]);
  });
});
