import type { Database } from "better-sqlite3";

/**
 * One schema step. Features own their migrations and number them in their own range
 * (publishing 1–99, search 100–199, consultation 200–299) so they never collide.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}
