import type { Api, Composer } from "grammy";
import type { BotContext, BotDeps } from "./bot.js";
import type { CliArgSpec, CliInput, CliOptionSpec } from "./cli-args.js";
import type { CliDeps } from "./cli-deps.js";
import type { Config } from "./config.js";
import type { Migration } from "./storage/migration.js";

/**
 * The one shape every feature has. `app.ts` lists the features in order, and everything that used
 * to be wired by hand comes from that list: migrations, command menus, middleware order, workers,
 * HTTP routes and CLI commands. Adding a feature = one folder with a `feature.ts` + one line there.
 */
export interface Feature {
  /** Also the owner key of its migrations in `schema_migrations`. */
  readonly name: string;
  /** Versions are local to the feature; each applies once, in its own transaction. */
  readonly migrations?: readonly Migration[];
  readonly commands?: readonly CommandSpec[];
  readonly cli?: readonly CliCommand[];
  /**
   * Version of the drafts its conversations store, derived from their step lists: stored drafts replay
   * against the current code, so a changed flow must drop them.
   */
  readonly conversationsVersion?: string;
  /** Loaded on demand, so a CLI command never imports grammY handlers it does not run. */
  load?(): Promise<FeatureRuntime>;
}

export interface FeatureRuntime {
  /** Middleware, installed in the order of the feature list (inside the error boundary). */
  composer?(deps: BotDeps): Composer<BotContext>;
  /** Background jobs: started in list order once the bot is connected, stopped in reverse order. */
  workers?(deps: WorkerDeps): Worker[];
  /** Mounted on the bot's HTTP server (`PORT`). */
  routes?(deps: WorkerDeps): HttpRoute[];
}

/** Who sees a command in Telegram's menu: every private chat, or each admin's own chat. */
export type CommandAudience = "everyone" | "admins";

export interface CommandSpec {
  readonly command: string;
  /** Russian, shown in Telegram's command menu. */
  readonly description: string;
  readonly audience: CommandAudience;
}

/** What a worker needs beyond the bot's deps: the connected bot's Api and @username. */
export interface WorkerDeps extends BotDeps {
  api: Api;
  botUsername: string;
}

export interface Worker {
  readonly name: string;
  start(): void | Promise<void>;
  /** Resolves once the job in flight (if any) has finished. */
  stop(): Promise<void>;
}

export interface CliCommand {
  readonly name: string;
  /** Russian one-liner for `help` and `--help`. */
  readonly summary: string;
  /** Its options, parsed by the one CLI parser (src/cli-args.ts); `--help` is added to every command. */
  readonly options?: Readonly<Record<string, CliOptionSpec>>;
  /** Its positional arguments, in order; a missing required one prints the usage (exit 2). */
  readonly args?: readonly CliArgSpec[];
  /** More Russian text for `--help` (what the statuses mean, examples). */
  readonly help?: string;
  /** Needs a real BOT_TOKEN (and a channel, from CHANNEL_ID or /settings); the others run offline. */
  readonly needsTelegram?: boolean;
  /**
   * Reads the posts only sometimes, through `deps.loadCatalog()`; the CLI then does not load the post parser
   * (gray-matter, js-yaml) up front, and `deps.catalog` is not available.
   */
  readonly postsOnDemand?: boolean;
  /**
   * The only variables the command reads before it needs the posts: the CLI then checks just these, without
   * the full schema (zod), which is a good part of a short command's start. `deps.loadCatalog()` still
   * validates everything before it reads a post. Unset = the whole configuration is validated up front.
   */
  readonly configKeys?: readonly (keyof Config)[];
  /** Should dynamic-import its implementation, so the CLI loads only what the command uses. */
  run(input: CliInput, deps: CliDeps): Promise<number>;
}

export interface HttpRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpRoute {
  readonly method: "GET" | "POST";
  readonly path: string;
  handle(req: HttpRequest): HttpResponse | Promise<HttpResponse>;
}
