import type { Migration } from "../storage/migration.js";

export const consultationMigrations: Migration[] = [];
