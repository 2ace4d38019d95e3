import type { Feature } from "../feature.js";
import { publishingMigrations } from "./schema.js";

/** Channel publishing: admin commands, the schedule, the CLI's preview/publish/posts. */
export const publishingFeature: Feature = {
  name: "publishing",
  migrations: publishingMigrations,
  commands: [
    { command: "publish", description: "Опубликовать пост: /publish <slug>", audience: "admins" },
    { command: "preview", description: "Предпросмотр поста: /preview <slug>", audience: "admins" },
    { command: "posts", description: "Статусы постов", audience: "admins" },
    { command: "update", description: "Обновить опубликованный пост: /update <slug>", audience: "admins" },
    { command: "unpublish", description: "Снять пост: /unpublish <slug>", audience: "admins" },
  ],
  cli: [
    {
      name: "preview",
      usage: "preview <slug> | --all --check [--format rich|teaser|long] [--json]",
      summary: "показать вызовы Bot API, которые сделает публикация (без отправки); --all --check — проверить все посты",
      run: async (args, deps) => (await import("./cli.js")).previewCommand(args, deps),
    },
    {
      name: "publish",
      usage: "publish <slug>",
      summary: "опубликовать пост в CHANNEL_ID (нужен BOT_TOKEN)",
      needsTelegram: true,
      run: async (args, deps) => (await import("./cli.js")).publishCommand(args, deps),
    },
    {
      name: "posts",
      usage: "posts [--json]",
      summary: "статусы постов: черновик / запланирован / опубликован / ошибка",
      run: async (args, deps) => (await import("./cli.js")).postsCommand(args, deps),
    },
  ],
  load: async () => {
    const [{ createPublishingFeature }, { createSchedulerWorker }] = await Promise.all([
      import("./publishing-feature.js"),
      import("./scheduler-worker.js"),
    ]);
    return {
      composer: (deps) => createPublishingFeature(deps),
      workers: (deps) => [createSchedulerWorker(deps)],
    };
  },
};
