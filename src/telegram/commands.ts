import type { Api } from "grammy";
import type { CommandSpec } from "../feature.js";

/** Everyone sees the client commands; each admin additionally sees the admin ones in their own chat. */
export async function syncCommands(api: Api, adminIds: readonly number[], specs: readonly CommandSpec[]): Promise<void> {
  const menu = (audiences: readonly CommandSpec["audience"][]) =>
    specs.filter((s) => audiences.includes(s.audience)).map(({ command, description }) => ({ command, description }));
  await api.setMyCommands(menu(["everyone"]), { scope: { type: "all_private_chats" } });
  for (const id of adminIds) {
    await api.setMyCommands(menu(["everyone", "admins"]), { scope: { type: "chat", chat_id: id } });
  }
}

/**
 * Keeps the admin menus in step with the admins chosen in Telegram: a new admin gets the admin menu at once,
 * a removed one loses it. Changes are applied one after another; failures are logged, never thrown.
 */
export function followAdminMenus(
  api: Api,
  admins: { adminIds(): number[]; onChange(listener: (change: string) => void): () => void },
  specs: readonly CommandSpec[],
  onError: (err: unknown) => void,
): { stop(): void; idle(): Promise<void> } {
  let shown = new Set(admins.adminIds());
  let queue: Promise<void> = Promise.resolve();
  const adminMenu = specs.map(({ command, description }) => ({ command, description }));
  const unsubscribe = admins.onChange((change) => {
    if (change !== "admins") return;
    queue = queue.then(async () => {
      const now = new Set(admins.adminIds());
      try {
        for (const id of now) if (!shown.has(id)) await api.setMyCommands(adminMenu, { scope: { type: "chat", chat_id: id } });
        // Without a chat-scoped menu the removed admin falls back to the everyone menu (all_private_chats).
        for (const id of shown) if (!now.has(id)) await api.deleteMyCommands({ scope: { type: "chat", chat_id: id } });
        shown = now;
      } catch (err) {
        onError(err);
      }
    });
  });
  return { stop: unsubscribe, idle: () => queue };
}
