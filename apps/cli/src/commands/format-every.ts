/** A duration as the largest units that say it exactly: 1m, 8h24m, 1d12h, 90s. */
export function formatEvery(ms: number | null): string {
  if (!ms) return '-';
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, seconds] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return parts.join('') || '0s';
}
