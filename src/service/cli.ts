import { join } from "node:path";
import type { CliDeps } from "../cli-deps.js";
import { backupDatabase, backupDirFor, backupFileName } from "./backup.js";
import { texts } from "./texts.js";

/** `cli backup [file]`: an online copy while the bot runs (the backup API reads a consistent snapshot). */
export async function backupCommand(args: string[], deps: CliDeps): Promise<number> {
  if (deps.config.DATABASE_PATH === ":memory:") {
    deps.err(texts.backupFailed("DATABASE_PATH=:memory: — копировать нечего."));
    return 2;
  }
  const file = args.find((a) => !a.startsWith("--")) ?? join(backupDirFor(deps.config.DATABASE_PATH), backupFileName(deps.clock.now()));
  try {
    const { bytes } = await backupDatabase(deps.db, file, deps.clock);
    deps.out(texts.backupDone(file, bytes));
    return 0;
  } catch (err) {
    deps.err(texts.backupFailed(String((err as Error).cause ?? err)));
    return 1;
  }
}
