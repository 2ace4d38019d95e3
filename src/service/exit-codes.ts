/**
 * Exit codes a supervisor acts on. «Fix the configuration» (a missing or refused token, a bad variable) has its
 * own code, EX_CONFIG from sysexits.h, so docker compose and systemd stop restarting on it instead of looping;
 * every other failure (Telegram unreachable, the database busy) exits 1.
 */
export const EXIT_CONFIG = 78;
export const EXIT_FAILURE = 1;
