import type { BotDeps, FeatureFactory } from "./bot.js";
import { createConsultationFeature } from "./consultation/consultation-feature.js";
import { createPublishingFeature } from "./publishing/publishing-feature.js";
import { createSearchFeature } from "./search/search-feature.js";
import { createStartFeature } from "./start/start-feature.js";

/** The production feature order: the search feature's plain-text catch-all must stay last. */
export const productionFeatures: FeatureFactory[] = [
  (deps: BotDeps) => createConsultationFeature(deps),
  (deps: BotDeps) => createPublishingFeature(deps),
  () => createStartFeature(),
  (deps: BotDeps) => createSearchFeature(deps),
];
