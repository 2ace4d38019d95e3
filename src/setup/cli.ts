import type { CliDeps } from "../cli-deps.js";
import { BOT_USERNAME_META, createMetaStore } from "../storage/meta.js";
import { issueOwnerLink } from "./owner-link.js";
import { setupTexts } from "./texts.js";

/** `cli owner-link`: a fresh owner link for a server whose console nobody watches. Works offline. */
export async function ownerLinkCommand(deps: CliDeps): Promise<number> {
  if (!deps.settings.unclaimed()) {
    deps.err(setupTexts.ownerLinkClaimed);
    return 1;
  }
  const username = createMetaStore(deps.db).get(BOT_USERNAME_META) ?? deps.config.BOT_USERNAME;
  if (!username) {
    deps.err(setupTexts.ownerLinkNoUsername);
    return 1;
  }
  const link = issueOwnerLink(deps.db, deps.settings, username, deps.clock.now().getTime())!;
  deps.out(setupTexts.ownerLinkCli(link));
  return 0;
}
