import type { Migration } from "../storage/migration.js";

export const searchMigrations: Migration[] = [];
