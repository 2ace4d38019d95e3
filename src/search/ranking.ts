/**
 * Pure: how much a post is *about* a query. Each content word counts by where the post has it — title or
 * keywords (what the author says the post is about) over the description (its summary) over the body (where
 * anything may be mentioned) — weighted by the word's specificity, so the post covering the query's rare
 * words in its head beats a long post that mentions them all in passing. Intent words («цена») add a little
 * on top, never more than a content word could.
 */

export const FIELD_PRESENCE = { head: 1, description: 0.6, body: 0.25, absent: 0 } as const;
export type FieldPresence = (typeof FIELD_PRESENCE)[keyof typeof FIELD_PRESENCE];

/** Share of the score that is plain coverage (the query's words the post has anywhere, by weight). */
export const COVERAGE_SHARE = 0.2;
/** Share of an intent word's presence added to the score. */
export const INTENT_LIFT = 0.3;

export function aboutness(
  words: readonly FieldPresence[],
  weights: readonly number[],
  intents: readonly FieldPresence[] = [],
  intentWeight = 1,
): number {
  let total = 0;
  let got = 0;
  let covered = 0;
  words.forEach((p, i) => {
    const w = weights[i] ?? 1;
    total += w;
    got += w * p;
    if (p > 0) covered += w;
  });
  if (total === 0) return 0;
  const lift = intents.reduce<number>((sum, p) => sum + INTENT_LIFT * intentWeight * p, 0);
  return ((1 - COVERAGE_SHARE) * (got + lift) + COVERAGE_SHARE * covered) / total;
}
