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
