/** "Did you mean": closest strings by edit distance, for errors on unknown ids and codes. */

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

/**
 * The `n` candidates closest to `input`: case-insensitive edit distance, with a bonus for
 * candidates that contain the input or start with it.
 */
export function closest(input: string, candidates: readonly string[], n = 3): string[] {
  const q = input.trim().toLowerCase();
  const scored = candidates.map((c) => {
    const l = c.toLowerCase();
    // prefixes first ("ncmec" → ncmec-*), then containment, then edit distance
    const d = q && l.startsWith(q) ? l.length - q.length : q && l.includes(q) ? 100 + l.length : 1000 + levenshtein(q, l);
    return { c, d };
  });
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, n).map((s) => s.c);
}
