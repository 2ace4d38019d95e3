import { analyzeToken } from "./normalize.js";
import type { QueryGroup } from "./query-builder.js";
import { MIN_COVERAGE } from "./query-evidence.js";
import type { SearchPage } from "./search-index.js";

/**
 * Pure: why a query was read and answered as it was, for `cli search --explain`. Per word: how it was
 * read (exact, stem, derivation, correction, layout, translit, unknown; question words and intent words
 * apart), the corpus terms it stands for, and its weight for or against the query; then the decision.
 */

export type Reading = "exact" | "stem" | "derivation" | "correction" | "layout" | "translit" | "unknown" | "question" | "intent";

export interface ExplainedWord {
  word: string;
  reading: Reading;
  /** Corpus terms the word stands for (`*`: a prefix). */
  terms: string[];
  /** Specificity (IDF) of a known word; the weight against the query of an unknown one. */
  weight: number;
  /** Where the word stands: 1 title/keywords, 0.8 description or a rare body mention, 0.3 a common body word. */
  salience: number;
  /** weight × confidence × salience in favour (0 for a rejected guess); negative for an unknown word. */
  evidence: number;
  accepted: boolean;
}

export interface Explanation {
  query: string;
  words: ExplainedWord[];
  forWeight: number;
  againstWeight: number;
  coverage: number;
  minCoverage: number;
  mentionsNear: boolean;
  answered: boolean;
  linked: string[];
  decision: string;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function readingOf(group: QueryGroup): Reading {
  switch (group.how) {
    case "exact": {
      const folded = analyzeToken(group.source).folded;
      return group.variants.some((v) => v.terms.length === 1 && v.terms[0] === folded) ? "exact" : "stem";
    }
    case "typo":
    case "prefix":
      return "correction";
    default:
      return group.how;
  }
}

const termsOf = (group: QueryGroup) => group.variants.map((v) => v.terms.join(" ") + (v.prefix ? "*" : ""));

export function explainSearch(text: string, page: SearchPage): Explanation {
  const { evidence, query } = page;
  const words: ExplainedWord[] = [
    ...evidence.groups.map((g) => ({
      word: g.group.source,
      reading: readingOf(g.group),
      terms: termsOf(g.group),
      weight: round(g.weight),
      salience: round(g.salience),
      evidence: round(g.weight * g.evidence),
      accepted: g.accepted,
    })),
    ...evidence.unknown.map((u) => ({
      word: u.word,
      reading: "unknown" as const,
      terms: [],
      weight: round(u.weight),
      salience: 0,
      evidence: round(-u.weight),
      accepted: false,
    })),
    ...query.intents.map((g) => ({
      word: g.source,
      reading: "intent" as const,
      terms: termsOf(g),
      weight: 0,
      salience: 0,
      evidence: 0,
      accepted: true,
    })),
    ...query.fillers.map((w) => ({ word: w, reading: "question" as const, terms: [], weight: 0, salience: 0, evidence: 0, accepted: false })),
  ];
  const answered = page.hits.length > 0;
  const linked = page.linkedSlugs;
  let decision: string;
  if (linked.length > 0) decision = `связан администратором с ${linked.join(", ")}: эти посты первыми`;
  else if (evidence.onTopic && answered) decision = evidence.mentionsNear ? "ответ: упоминания стоят рядом с другими словами запроса в тексте поста" : "ответ: слова запроса — о темах блога";
  else if (evidence.onTopic) decision = "ничего: упоминания ни в одном посте не стоят рядом с другими словами запроса";
  else if (evidence.contentWords === 0) decision = "ничего: в запросе нет слов по существу";
  else decision = `ничего: доводы «за» ${round(evidence.forWeight)} из ${round(evidence.forWeight + (evidence.coverage === 0 ? evidence.againstWeight : evidence.forWeight / evidence.coverage - evidence.forWeight))}, нужно ≥ ${MIN_COVERAGE * 100} % и слово из заголовка, ключевых слов или описания`;
  return {
    query: text,
    words,
    forWeight: round(evidence.forWeight),
    againstWeight: round(evidence.againstWeight),
    coverage: round(evidence.coverage),
    minCoverage: MIN_COVERAGE,
    mentionsNear: evidence.mentionsNear,
    answered,
    linked,
    decision,
  };
}

/** The explanation as lines for a terminal. */
export function formatExplanation(e: Explanation): string[] {
  const lines = [`Запрос: ${e.query}`];
  for (const w of e.words) {
    const terms = w.terms.length > 0 ? ` → ${w.terms.join(" | ")}` : "";
    const detail =
      w.reading === "question" ? "вопросительное/служебное, не учитывается"
      : w.reading === "intent" ? "намерение: поднимает посты о ценах, тему не решает"
      : w.reading === "unknown" ? `против: вес ${w.weight}`
      : `${w.accepted ? "за" : "отвергнуто"}: вес ${w.weight} × заметность ${w.salience} = ${w.evidence}`;
    lines.push(`  ${w.word} [${w.reading}]${terms} — ${detail}`);
  }
  lines.push(`Итог: за ${e.forWeight}, против ${e.againstWeight}, покрытие ${e.coverage} (нужно ≥ ${e.minCoverage})`);
  lines.push(`Решение: ${e.decision}`);
  return lines;
}
