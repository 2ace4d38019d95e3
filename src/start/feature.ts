import type { Feature } from "../feature.js";

/** The welcome: /start and /help with the main menu. */
export const startFeature: Feature = {
  name: "start",
  commands: [
    { command: "start", description: "Главное меню", audience: "everyone" },
    { command: "help", description: "Что умеет бот", audience: "everyone" },
  ],
  load: async () => {
    const { createStartFeature } = await import("./start-feature.js");
    return { composer: () => createStartFeature() };
  },
};
