/** Russian messages of `cli restore`. */
export const restoreTexts = {
  memory: "DATABASE_PATH=:memory: — восстанавливать некуда.",
  noFile: (file: string) => `Файла ${file} нет.`,
  sameFile: "Копия и DATABASE_PATH — один и тот же файл: укажите резервную копию.",
  busy: (db: string, holder: string | undefined) =>
    `Бот работает с базой ${db}${holder ? ` (${holder})` : ""}: остановите его (systemctl stop / docker compose stop) и повторите restore.`,
  refused: (file: string, reason: string) => `Не восстанавливаю из ${file}: ${reason}. Текущая база не тронута.`,
  notSqlite: "это не база SQLite",
  damaged: (detail: string) => `копия повреждена (integrity_check: ${detail.split("\n")[0]})`,
  notOurs: "в копии нет таблиц бота (schema_migrations, publications)",
  newerSchema: (migrations: string[]) => `копию сделала более новая версия бота (миграции ${migrations.join(", ")}); обновите бота`,
  done: (file: string, db: string, replaced: string | undefined) =>
    `База ${db} восстановлена из ${file}.${replaced ? ` Прежняя база сохранена рядом: ${replaced}.` : ""}`,
  carried: (slugs: string[]) =>
    `Эти посты уже в канале, а копия о них не знала — отмечены опубликованными по прежней базе, повторно не уйдут: ${slugs.join(", ")}.`,
  nothingCarried: "Все посты, которые уже в канале, копия знает: повторной отправки не будет.",
  leadsOnlyInReplaced: (n: number, replaced: string) =>
    `Заявок после копии: ${n} — они есть только в прежней базе. Выгрузить: DATABASE_PATH=${replaced} npm run --silent cli -- leads --csv`,
};
