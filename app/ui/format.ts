// Display helpers shared by pages.
export function formatPoints(points: number): string {
  return (Math.round(points * 100) / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** A leading hyphen-minus as the minus sign (U+2212) that typeset mathematics uses. */
export function trueMinus(text: string): string {
  return text.replace(/^-/, "\u2212");
}
