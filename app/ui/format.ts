// Display helpers shared by pages.
export function formatPoints(points: number): string {
  return (Math.round(points * 100) / 100).toLocaleString("en-US", { maximumFractionDigits: 2 });
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
