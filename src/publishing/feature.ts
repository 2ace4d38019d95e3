import type { Feature } from "../feature.js";
import { publishingMigrations } from "./schema.js";
import { POSTS_STATUS_HELP } from "./texts.js";

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
      summary: "показать вызовы Bot API, которые сделает публикация (без отправки); --all --check — проверить все посты",
      args: [{ name: "slug", required: true, requiredUnless: "all", description: "имя файла поста без .md (список: posts)" }],
      options: {
        format: { type: "string", value: "rich|teaser|long", description: "формат вместо PUBLISH_FORMAT и format: из поста" },
        json: { type: "boolean", description: "вызовы Bot API массивом JSON {method, payload}" },
        all: { type: "boolean", description: "все посты (вместе с --check, без <slug>)" },
        check: { type: "boolean", description: "с --all: прогнать каждый пост в каждом формате через правила Telegram; код 1, если что-то отклонят или потеряют" },
      },
      help: "Ссылкам на бота нужен его username: запомненный работающим ботом, BOT_USERNAME или getMe по BOT_TOKEN.",
      run: async (input, deps) => (await import("./cli.js")).previewCommand(input, deps),
    },
    {
      name: "publish",
      summary: "опубликовать пост в CHANNEL_ID (нужен BOT_TOKEN)",
      args: [{ name: "slug", required: true, description: "имя файла поста без .md (список: posts)" }],
      needsTelegram: true,
      run: async (input, deps) => (await import("./cli.js")).publishCommand(input, deps),
    },
    {
      name: "posts",
      summary: "статусы постов: черновик / запланирован / опубликован / ошибка",
      options: { json: { type: "boolean", description: "посты и файлы с ошибками одним JSON" } },
      help: POSTS_STATUS_HELP,
      run: async (input, deps) => (await import("./cli.js")).postsCommand(input, deps),
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
