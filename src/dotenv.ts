/**
 * Set to 1 to skip `.env`: tests and scripts that spawn the bot or the CLI pass their whole environment
 * themselves, and a developer's `.env` (a real token, a real channel) must never leak into them.
 */
export const NO_DOTENV_VAR = "BUTLER_NO_DOTENV";

/** Loads `.env` if present (Node ≥ 20.12), without overriding variables already set. */
export function loadDotEnv(path = ".env", env: NodeJS.ProcessEnv = process.env): void {
  if (env[NO_DOTENV_VAR] === "1") return;
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
