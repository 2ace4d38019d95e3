import type { Api } from "grammy";
import { adminCommands, userCommands } from "../texts.js";

/** Everyone sees the client commands; each admin additionally sees the admin ones in their own chat. */
export async function syncCommands(api: Api, adminIds: readonly number[]): Promise<void> {
  await api.setMyCommands([...userCommands], { scope: { type: "all_private_chats" } });
  for (const id of adminIds) {
    await api.setMyCommands([...userCommands, ...adminCommands], { scope: { type: "chat", chat_id: id } });
  }
}
