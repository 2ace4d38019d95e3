import type { Feature } from "../feature.js";
import { settingsMigrations } from "../settings/schema.js";

/** Setting the bot up from Telegram: owner link, admins, channel and leads chat, /settings (issue 16). */
export const setupFeature: Feature = {
  name: "setup",
  migrations: settingsMigrations,
  commands: [
    { command: "settings", description: "Настройки бота", audience: "admins" },
    { command: "admins", description: "Администраторы бота", audience: "admins" },
  ],
  cli: [
    {
      name: "owner-link",
      summary: "новая одноразовая ссылка владельца, пока у бота нет администраторов",
      run: async (_input, deps) => (await import("./cli.js")).ownerLinkCommand(deps),
    },
  ],
  load: async () => {
    const { createSetupFeature } = await import("./setup-feature.js");
    return { composer: (deps) => createSetupFeature(deps) };
  },
};
