import { migrationSets } from "../../src/app.js";
import { openDatabase, type Db } from "../../src/storage/db.js";

/** A database with every feature's tables, as the running bot has it. */
export function openTestDatabase(path = ":memory:"): Db {
  return openDatabase(path, migrationSets());
}
