/**
 * Exit codes a supervisor acts on. «Fix the configuration» (a missing or refused token, a bad variable, a
 * database another instance holds) keeps the code it always had, 1, so systemd's RestartPreventExitStatus=1
 * and every script written against it stay right; any other fatal failure (an internal error, polling that
 * failed for another reason) exits 70 (EX_SOFTWARE from sysexits.h) and is worth a restart.
 */
export const EXIT_CONFIG = 1;
export const EXIT_FAILURE = 70;
