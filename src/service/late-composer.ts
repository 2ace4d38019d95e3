import { Composer, type Context } from "grammy";

/**
 * A slot in the bot's middleware for the features, filled after the bot is already taking updates: importing
 * every feature (grammY handlers, conversations, the renderer, the stemmer) then no longer delays the first
 * getUpdates. Handling is held until it is filled (the update pipeline's gate), so no update ever meets the
 * empty slot; if one did, it fails loudly instead of falling through to the "unknown input" reply.
 */
export function createLateComposer<C extends Context>(): { composer: Composer<C>; fill(inner: Composer<C>): void } {
  let inner: ReturnType<Composer<C>["middleware"]> | undefined;
  const composer = new Composer<C>((ctx, next) => {
    if (!inner) throw new Error("an update reached the features before they were loaded");
    return inner(ctx, next);
  });
  return { composer, fill: (c) => void (inner = c.middleware()) };
}
