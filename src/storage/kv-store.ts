import type { Clock } from "../clock.js";
import type { Db } from "./db.js";

/**
 * A JSON key-value table for the conversations plugin: its state survives a restart,
 * so a client resumes the consultation at the step they were on.
 */
export interface JsonStore<T> {
  read(key: string): T | undefined;
  write(key: string, value: T): void;
  delete(key: string): void;
}

export function createConversationStore<T>(db: Db, clock: Clock): JsonStore<T> {
  const read = db.prepare<[string], { value: string }>("SELECT value FROM conversation_state WHERE key = ?");
  const write = db.prepare<[string, string, number]>(
    `INSERT INTO conversation_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>("DELETE FROM conversation_state WHERE key = ?");
  return {
    read: (key) => {
      const row = read.get(key);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    write: (key, value) => void write.run(key, JSON.stringify(value), clock.now().getTime()),
    delete: (key) => void remove.run(key),
  };
}
