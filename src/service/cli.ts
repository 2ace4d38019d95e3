import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { CliInput } from "../cli-args.js";
import type { CliDeps } from "../cli-deps.js";
import { backupDatabase, backupDirFor, backupFileName } from "./backup.js";
import { texts } from "./texts.js";

/**
 * `cli backup [file]`: an online copy while the bot runs (the backup API reads a consistent snapshot). Without a
 * file it goes into data/backups/ beside the database; a given file's folder must exist (a typo is not silently
 * turned into a new folder tree). Either way it is an ad-hoc copy: the daily-backup metric stays as it is.
 */
export async function backupCommand(input: CliInput, deps: CliDeps): Promise<number> {
  if (deps.config.DATABASE_PATH === ":memory:") {
    deps.err(texts.backupFailed("DATABASE_PATH=:memory: — копировать нечего."));
    return 2;
  }
  const given = input.positionals[0];
  if (given !== undefined) {
    const dir = dirname(resolve(given));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      deps.err(texts.backupFailed(texts.backupNoFolder(dirname(given))));
      return 2;
    }
  }
  const defaultDir = backupDirFor(deps.config.DATABASE_PATH);
  if (given === undefined) mkdirSync(defaultDir, { recursive: true });
  const file = given ?? join(defaultDir, backupFileName(deps.clock.now()));
  try {
    const { bytes } = await backupDatabase(deps.db, file, deps.clock, { daily: false });
    deps.out(texts.backupDone(file, bytes));
    return 0;
  } catch (err) {
    const { describeError } = await import("../telegram/describe-error.js");
    deps.err(texts.backupFailed(describeError((err as Error).cause ?? err)));
    return 1;
  }
}

/** `cli restore <file>`: see restore.ts. */
export async function restoreCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const { restoreDatabase } = await import("./restore.js");
  return restoreDatabase(input.positionals[0]!, deps);
}
