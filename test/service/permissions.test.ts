import { afterEach, describe, expect, it, vi } from "vitest";
import { checkPermissions } from "../../src/service/permissions.js";
import { texts } from "../../src/service/texts.js";
import { createTestBot } from "../helpers/test-bot.js";

const BOT_ID = 777;
const admin = (rights: Record<string, boolean>) => ({
  status: "administrator", user: { id: BOT_ID, is_bot: true, first_name: "B" }, can_be_edited: false, is_anonymous: false,
  can_manage_chat: true, can_delete_messages: false, can_manage_video_chats: false, can_restrict_members: false, can_promote_members: false,
  can_change_info: false, can_invite_users: false, can_post_stories: false, can_edit_stories: false, can_delete_stories: false, ...rights,
});

afterEach(() => void vi.useRealTimers());

describe("start-up permission check", () => {
  it("asks getChatMember about the bot itself and passes a full channel admin and a group member", async () => {
    const t = createTestBot({ features: [] });
    t.respond("getChatMember", (p) =>
      p.chat_id === "@butlerspb_test"
        ? admin({ can_post_messages: true, can_edit_messages: true, can_delete_messages: true })
        : { status: "member", user: { id: BOT_ID, is_bot: true, first_name: "B" } });
    const checks = await checkPermissions(t.bot.api, { botId: BOT_ID, channelId: "@butlerspb_test", leadsChatId: -100200 });
    expect(t.sent("getChatMember").map((c) => c.payload)).toEqual([
      { chat_id: "@butlerspb_test", user_id: BOT_ID },
      { chat_id: -100200, user_id: BOT_ID },
    ]);
    expect(checks).toEqual([
      { target: "channel", chat: "@butlerspb_test", ok: true },
      { target: "leads", chat: -100200, ok: true },
    ]);
    expect(texts.permissionsMissing(checks)).toBeUndefined();
  });

  it("names each missing right: edit and delete in the channel, a muted bot in the leads group", async () => {
    const t = createTestBot({ features: [] });
    t.respond("getChatMember", (p) =>
      p.chat_id === "@butlerspb_test"
        ? admin({ can_post_messages: true, can_edit_messages: false })
        : { status: "restricted", user: { id: BOT_ID, is_bot: true, first_name: "B" }, is_member: true, can_send_messages: false, until_date: 0 });
    const checks = await checkPermissions(t.bot.api, { botId: BOT_ID, channelId: "@butlerspb_test", leadsChatId: -100200 });
    expect(texts.permissionsMissing(checks)).toBe(
      "⚠️ При запуске бот проверил права, и не всего хватает:\n" +
        "• канал @butlerspb_test: бот должен редактировать сообщения, удалять сообщения\n" +
        "• чат заявок -100200: бот должен писать сообщения\n\n" +
        "Выдайте права в настройках администраторов, иначе публикация или заявки не дойдут.",
    );
  });

  it("a plain member of the channel is told to become an admin; a chat the bot is not in is named", async () => {
    const t = createTestBot({ features: [] });
    t.respond("getChatMember", () => ({ status: "member", user: { id: BOT_ID, is_bot: true, first_name: "B" } }));
    t.failNext("getChatMember", { error_code: 400, description: "Bad Request: chat not found" }, 1, 1);
    const checks = await checkPermissions(t.bot.api, { botId: BOT_ID, channelId: "@butlerspb_test", leadsChatId: -100200 });
    expect(checks).toEqual([
      { target: "channel", chat: "@butlerspb_test", ok: false, missing: ["быть администратором канала"], blocking: true },
      { target: "leads", chat: -100200, ok: false, missing: ["состоять в чате (чат не найден или бот не добавлен)"], blocking: true },
    ]);
  });

  it("a Bot API server that does not serve getChatMember (404) or cannot be reached leaves the check undecided, never throws", async () => {
    const t = createTestBot({ features: [] });
    t.failNext("getChatMember", { error_code: 404, description: "Not Found: method not found" });
    t.networkErrorNext("getChatMember", 5);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }); // the retrying fetch backs off between attempts
    const pending = checkPermissions(t.bot.api, { botId: BOT_ID, channelId: "@butlerspb_test", leadsChatId: -100200 });
    await vi.advanceTimersByTimeAsync(60_000);
    const checks = await pending;
    expect(checks).toEqual([
      { target: "channel", chat: "@butlerspb_test", ok: "unknown", reason: "method not served (404)" },
      { target: "leads", chat: -100200, ok: "unknown", reason: "network error" },
    ]);
    expect(texts.permissionsMissing(checks)).toBeUndefined();
  });
});
