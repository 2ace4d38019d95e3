/**
 * Git prints the remote URL in its errors ("unable to access 'https://x-access-token:ghp_…@github.com/…'"),
 * so every string that leaves the sync (logs, admin messages, CLI output) goes through here.
 */
const URL_CREDENTIALS_RE = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi;

/** Replaces `user:password@` / `token@` in every URL of the text, and any secret given, with `***`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_CREDENTIALS_RE, "$1***@");
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("***");
  return out;
}

/** The credential parts of a repository URL (user, password, token), to be redacted wherever they appear. */
export function credentialsOf(repoUrl: string): string[] {
  try {
    const url = new URL(repoUrl);
    return [url.username, url.password, decodeURIComponent(url.username), decodeURIComponent(url.password)].filter(
      (s) => s !== "" && s !== "git",
    );
  } catch {
    return []; // scp-like ssh (git@host:path) or a local path: no secret in it
  }
}

/** A redactor bound to one repository URL and hook secret. */
export function createRedactor(repoUrl: string, extraSecrets: readonly (string | undefined)[] = []): (text: string) => string {
  const secrets = [...credentialsOf(repoUrl), ...extraSecrets.filter((s): s is string => typeof s === "string" && s !== "")];
  return (text) => redactSecrets(text, secrets);
}
