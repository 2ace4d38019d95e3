import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import type { IncidentKind } from "./sync-state-repo.js";

/** A git failure the admins are told about; `detail` is already redacted. */
export class ContentSyncError extends Error {
  constructor(
    readonly kind: IncidentKind,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind}: ${detail}`, options);
  }
}

export interface GitMirrorOptions {
  /** CONTENT_REPO as configured (it may carry a token). */
  url: string;
  /** CONTENT_REPO_BRANCH; undefined = the remote's default branch. */
  branch?: string;
  /** The bare mirror, e.g. data/content-repo.git. */
  dir: string;
  redact: (text: string) => string;
  /** A network operation that stalls this long is killed (a hanging remote must not block the sync forever). */
  timeoutMs?: number;
}

export interface MirrorUpdate {
  commit: string;
  /** The working copy was corrupt and has been cloned again. */
  recloned: boolean;
}

export interface GitMirror {
  /** Clones (first time) or fetches, force-pushes included, and returns the branch's commit. */
  update(): Promise<MirrorUpdate>;
  /** Writes the commit's tree into `dest` (which must not exist). */
  materialize(commit: string, dest: string): Promise<void>;
}

// Git must never wait for a password on a terminal nobody watches, and its messages must be in English
// for the failure classification below.
const GIT_ENV: Record<string, string> = { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", LANG: "C", GIT_SSH_COMMAND: "ssh -o BatchMode=yes" };

/**
 * Only what git needs: simple-git refuses to run with variables that can make git execute programs
 * (EDITOR, PAGER, …), and the bot's own secrets have no business in git's environment.
 */
function gitEnvironment(): Record<string, string> {
  const keep = ["PATH", "HOME", "SSH_AUTH_SOCK", "GIT_SSH_COMMAND", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE"];
  const env: Record<string, string> = { ...GIT_ENV };
  for (const key of keep) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * Git reports failures only as text on stderr (no error codes), so the kind is read from its well-known
 * messages; anything unrecognised while talking to the remote counts as "unreachable".
 */
export function classifyRemoteFailure(stderr: string): IncidentKind {
  if (
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(publickey|Host key verification failed|The requested URL returned error: 40[13]|HTTP Basic: Access denied|access denied|invalid credentials/i.test(
      stderr,
    )
  ) {
    return "auth";
  }
  return "unreachable";
}

export function createGitMirror(options: GitMirrorOptions): GitMirror {
  const { dir, redact } = options;
  const timeout = { block: options.timeoutMs ?? 120_000 };
  const env = gitEnvironment();
  // GIT_SSH_COMMAND is ours (BatchMode) or the operator's own: allowed on purpose.
  const unsafe = { allowUnsafeSshCommand: true };
  const allowEnvironment = Object.keys(GIT_ENV).filter((k) => k.startsWith("GIT_")).concat("GIT_INDEX_FILE", "GIT_WORK_TREE");
  const gitIn = (baseDir: string, extra: Record<string, string> = {}): SimpleGit =>
    simpleGit({ baseDir, timeout, unsafe, allowEnvironment }).env({ ...env, ...extra });
  const fail = (kind: IncidentKind, err: unknown): ContentSyncError => new ContentSyncError(kind, redact(firstLines(err)), { cause: err });

  // Settings written once per process and working copy (each git call is a process; a tick makes few).
  let configured = false;

  const clone = async () => {
    mkdirSync(dirname(dir), { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    rmSync(tmp, { recursive: true, force: true });
    try {
      await gitIn(dirname(dir)).clone(options.url, tmp, ["--bare", "--quiet"]);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw fail(classifyRemoteFailure(String(err)), err);
    }
    await gitIn(tmp).raw(["config", "core.symlinks", "false"]);
    // A clone cut off half-way never becomes the working copy.
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    configured = true;
  };

  const fetch = async () => {
    const git = gitIn(dir);
    if (!configured) {
      // The URL may have changed (a rotated token): the configured one always wins.
      await git.raw(["remote", "set-url", "origin", options.url]);
      // Symlinks in the blog's repository are checked out as small text files: a link pointing at a file of
      // the bot's machine (public/x.jpg → ~/.env) must never be read as a post or uploaded as an image.
      await git.raw(["config", "core.symlinks", "false"]);
      configured = true;
    }
    // "+": a force-pushed branch moves to the new commit instead of being refused as non-fast-forward.
    await git.raw(["fetch", "--prune", "--quiet", "origin", "+refs/heads/*:refs/heads/*"]);
  };

  /** A local repository git can still read; anything else is a corrupt working copy. */
  const healthy = async (): Promise<boolean> => {
    try {
      const git = gitIn(dir);
      if ((await git.raw(["rev-parse", "--is-bare-repository"])).trim() !== "true") return false;
      await git.raw(["fsck", "--connectivity-only", "--no-dangling", "--no-progress"]);
      return true;
    } catch {
      return false;
    }
  };

  const resolve = async (): Promise<string> => {
    const git = gitIn(dir);
    // The bare clone's HEAD is the remote's default branch.
    const ref = options.branch ? `refs/heads/${options.branch}` : "HEAD";
    const missing = (cause?: unknown) =>
      new ContentSyncError("branch", redact(`ветка ${options.branch ?? "по умолчанию"} не найдена в репозитории`), { cause });
    let out: string;
    try {
      out = (await git.raw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim();
    } catch (err) {
      throw missing(err);
    }
    // simple-git resolves a failed command that printed nothing to stderr (--quiet): check the output itself.
    if (!/^[0-9a-f]{40,64}$/.test(out)) throw missing();
    return out;
  };

  return {
    async update() {
      let recloned = false;
      if (!existsSync(dir)) {
        await clone();
      } else {
        try {
          await fetch();
        } catch (err) {
          if (await healthy()) throw fail(classifyRemoteFailure(String(err)), err);
          await clone();
          recloned = true;
        }
      }
      try {
        return { commit: await resolve(), recloned };
      } catch (err) {
        if (err instanceof ContentSyncError && err.kind === "branch" && (recloned || (await healthy()))) throw err;
        // The refs themselves are damaged: clone again once.
        await clone();
        return { commit: await resolve(), recloned: true };
      }
    },

    async materialize(commit, dest) {
      const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
      const index = `${tmp}.index`;
      mkdirSync(tmp, { recursive: true });
      try {
        // A private index file, so the bare mirror itself is never touched and two checkouts cannot collide.
        const git = gitIn(dir, { GIT_INDEX_FILE: index, GIT_WORK_TREE: tmp });
        await git.raw(["read-tree", commit]);
        await git.raw(["checkout-index", "--all", "--force"]);
        renameSync(tmp, dest); // the snapshot appears complete or not at all
      } catch (err) {
        rmSync(tmp, { recursive: true, force: true });
        throw fail("corrupt", err);
      } finally {
        rmSync(index, { force: true });
      }
    },
  };
}

/** The useful part of a git error: its first lines, never the whole environment dump. */
function firstLines(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, 3).join(" ").slice(0, 500);
}
