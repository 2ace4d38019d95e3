import type { BotDeps, FeatureFactory } from "./bot.js";
import { consultationFeature } from "./consultation/feature.js";
import { contentSyncFeature } from "./content-sync/feature.js";
import type { CliCommand, CommandSpec, Feature, HttpRoute, Worker, WorkerDeps } from "./feature.js";
import { publishingFeature } from "./publishing/feature.js";
import { searchFeature } from "./search/feature.js";
import { serviceFeature } from "./service/feature.js";
import { setupFeature } from "./setup/feature.js";
import { startFeature } from "./start/feature.js";
import { statsFeature } from "./stats/feature.js";
import type { MigrationSet } from "./storage/migration.js";

/**
 * Every feature, in middleware order. Controls that must work mid-conversation come first
 * (consultation); the search feature's plain-text catch-all must stay last.
 */
export const features: readonly Feature[] = [
  serviceFeature,
  setupFeature, // before consultation and start: owner and invite links are /start payloads, forwards from admins
  contentSyncFeature, // before publishing: its start-up sync (the archive) precedes the scheduler's first tick
  consultationFeature,
  publishingFeature,
  startFeature,
  statsFeature,
  searchFeature,
];

export function migrationSets(list: readonly Feature[] = features): MigrationSet[] {
  return list.map((f) => ({ owner: f.name, migrations: f.migrations ?? [] }));
}

/** One storage version for every feature's conversation drafts: any flow change drops old drafts. */
export function conversationsVersion(list: readonly Feature[] = features): string {
  return list.flatMap((f) => (f.conversationsVersion ? [f.conversationsVersion] : [])).join("+") || "none";
}

export function commandSpecs(list: readonly Feature[] = features): CommandSpec[] {
  return list.flatMap((f) => f.commands ?? []);
}

export function cliCommands(list: readonly Feature[] = features): CliCommand[] {
  return list.flatMap((f) => f.cli ?? []);
}

export interface LoadedFeatures {
  composers: FeatureFactory[];
  workers(deps: WorkerDeps): Worker[];
  routes(deps: WorkerDeps): HttpRoute[];
}

/** Imports the features' runtime parts (grammY handlers, workers, routes) for the running bot. */
export async function loadFeatures(list: readonly Feature[] = features): Promise<LoadedFeatures> {
  const runtimes = await Promise.all(list.map(async (f) => (f.load ? await f.load() : {})));
  return {
    composers: runtimes.flatMap((r) => (r.composer ? [(deps: BotDeps) => r.composer!(deps)] : [])),
    workers: (deps) => runtimes.flatMap((r) => r.workers?.(deps) ?? []),
    routes: (deps) => runtimes.flatMap((r) => r.routes?.(deps) ?? []),
  };
}
