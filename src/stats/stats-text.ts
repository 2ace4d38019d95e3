import { FormattedString } from "@grammyjs/parse-mode";
import { serviceLabels } from "../consultation/texts.js";
import type { Stats, SourceCount } from "./compute-stats.js";
import { shortDay } from "./period.js";
import { statsTexts as t } from "./texts.js";

/** How many items each list shows in chat (the JSON has more). */
const LIST_LIMIT = 5;
/** Queries are readers' words: cut long ones so the text stays well inside the message limit. */
const QUERY_MAX_CHARS = 60;

const { bold, join } = FormattedString;

function clip(text: string): string {
  return text.length > QUERY_MAX_CHARS ? `${text.slice(0, QUERY_MAX_CHARS - 1)}…` : text;
}

/** `complete`: the items are the whole list, so "и ещё N" is exact (query lists are already a top). */
function list(items: Array<[string, number]>, complete = true): string {
  if (items.length === 0) return t.none;
  const shown = items.slice(0, LIST_LIMIT).map(([label, n]) => `${label} — ${n}`);
  if (complete && items.length > LIST_LIMIT) shown.push(t.more(items.length - LIST_LIMIT));
  return shown.join(", ");
}

function postList(slugs: string[]): string {
  if (slugs.length === 0) return "";
  const shown = slugs.slice(0, LIST_LIMIT);
  if (slugs.length > LIST_LIMIT) shown.push(t.more(slugs.length - LIST_LIMIT));
  return ` (${shown.join(", ")})`;
}

function describeSource(s: SourceCount): string {
  if (s.source === "post" && s.slug !== null) return t.sources.post(s.slug);
  if (s.source === "command" || s.source === "menu" || s.source === "channel") return t.sources[s.source];
  return s.source;
}

/** The figures as text with entities (no HTML): the caption of the chart or the message after it. */
export function renderStatsText(stats: Stats, title?: string): FormattedString {
  const { period, searches, funnel, leads } = stats;
  const heading = title ?? t.title(shortDay(period.from), shortDay(period.to), period.days);
  const percent = Math.round(searches.zeroResultShare * 100);
  const dropped = Object.entries(funnel.dropOff)
    .filter(([, n]) => n > 0)
    .map(([step, n]): [string, number] => [t.steps[step as keyof typeof t.steps], n]);
  const services = Object.entries(leads.byService)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]): [string, number] => [serviceLabels[code as keyof typeof serviceLabels], n]);

  const lines: Array<FormattedString | string> = [
    bold(`📊 ${heading}`),
    "",
    join([bold(t.searches), t.searchesLine(searches.total, searches.zeroResults, percent)]),
    join([bold(t.topQueries), `: ${list(stats.topQueries.map((q) => [clip(q.query), q.count]), false)}`]),
    join([bold(t.zeroQueries), `: ${list(stats.zeroResultQueries.map((q) => [clip(q.query), q.count]), false)}`]),
    "",
    join([bold(t.requests), t.requestsLine(leads.submitted, funnel.started, funnel.submitted)]),
    join([bold(t.droppedAt), `: ${list(dropped)}`]),
    join([bold(t.bySource), `: ${list(stats.leadsBySource.map((s) => [describeSource(s), s.count]))}`]),
    join([bold(t.byService), `: ${list(services)}`]),
    "",
    join([bold(t.posts), `: ${stats.posts.published}${postList(stats.posts.slugs)}`]),
  ];
  return join(lines, "\n");
}
