/**
 * The index's own vocabulary (every stored term with the number of posts holding it), kept in
 * memory for the query corrections: exact look-ups, prefix look-ups, and document frequency
 * to prefer the common reading of an ambiguous correction.
 */
export interface Vocabulary {
  readonly size: number;
  has(term: string): boolean;
  /** Some stored term starts with `prefix` (the term itself counts). */
  hasPrefix(prefix: string): boolean;
  /** Stored terms starting with `prefix`, in code-unit order, at most `max`. */
  withPrefix(prefix: string, max: number): string[];
  /** Posts holding the term; 0 when unknown. */
  docFreq(term: string): number;
  /** Every stored term, in code-unit order. */
  terms(): readonly string[];
}

export function createVocabulary(entries: Iterable<readonly [term: string, docs: number]>): Vocabulary {
  const freq = new Map<string, number>();
  for (const [term, docs] of entries) freq.set(term, (freq.get(term) ?? 0) + docs);
  const sorted = [...freq.keys()].sort(compareCodeUnits);
  return {
    size: sorted.length,
    has: (term) => freq.has(term),
    docFreq: (term) => freq.get(term) ?? 0,
    terms: () => sorted,
    hasPrefix: (prefix) => {
      if (freq.has(prefix)) return true;
      const i = lowerBound(sorted, prefix);
      return i < sorted.length && sorted[i]!.startsWith(prefix);
    },
    withPrefix: (prefix, max) => {
      const out: string[] = [];
      for (let i = lowerBound(sorted, prefix); i < sorted.length && out.length < max && sorted[i]!.startsWith(prefix); i++) {
        out.push(sorted[i]!);
      }
      return out;
    },
  };
}

/** Plain code-unit order, the same order as SQLite's BINARY collation of UTF-8 for these letters. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
