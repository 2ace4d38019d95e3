import { createHash } from "node:crypto";
import type { User } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commandSpecs } from "../../src/app.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { startOutboxWorker } from "../../src/consultation/outbox.js";
import { submitLead } from "../../src/consultation/submit-lead.js";
import { createPostCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createPublicationRepo } from "../../src/publishing/publication-repo.js";
import { publishPost, type PublisherDeps } from "../../src/publishing/publish-post.js";
import { publishDuePosts, startScheduler } from "../../src/publishing/scheduler.js";
import { decodeSetupAction, encodeSetupAction, type SetupAction } from "../../src/setup/callback-data.js";
import { createCodeRepo } from "../../src/setup/codes.js";
import { issueOwnerLink } from "../../src/setup/owner-link.js";
import { createSetupFeature } from "../../src/setup/setup-feature.js";
import { followAdminMenus } from "../../src/telegram/commands.js";
import { makeContentDir, postFile, SEED_SLUG } from "../helpers/content-dir.js";
import { BOT_INFO, createFakeClock, createTestBot, type CapturedCall, type TestBot } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";
import { newLead } from "../consultation/fixtures.js";
import { botAdmin, botKicked, botLeft, botMember, CHANNEL_CHAT, forwardedChannelPost, LEADS_GROUP, myChatMemberUpdate } from "./chat-updates.js";

const OWNER: User = { id: 501, is_bot: false, first_name: "Ольга", language_code: "ru" };
const HELPER: User = { id: 502, is_bot: false, first_name: "Мария", language_code: "ru" };
const STRANGER: User = { id: 503, is_bot: false, first_name: "Пётр", language_code: "ru" };
const log = createLogger("silent");

afterEach(() => void vi.useRealTimers());

/** A bot with nothing in .env but the token (unless `config` says otherwise) and the setup feature. */
function setup(config: Record<string, string> = { ADMIN_IDS: "", CHANNEL_ID: "" }, extra: Partial<Parameters<typeof createTestBot>[0]> = {}) {
  const t = createTestBot({ config, features: [(deps) => createSetupFeature(deps)], ...extra });
  const textsTo = (chatId: number) => t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId).map((c) => String(c.payload.text));
  const lastTo = (chatId: number) => t.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId).at(-1);
  const edits = () => t.sent("editMessageText").map((c) => String(c.payload.text));
  const alerts = () => t.sent("answerCallbackQuery").map((c) => c.payload.text).filter(Boolean);
  const tap = (data: string, from: User) => t.bot.handleUpdate(callbackUpdate(data, from));
  const send = (text: string, from: User) => t.bot.handleUpdate(textUpdate(text, from));
  return { ...t, textsTo, lastTo, edits, alerts, tap, send };
}

const payloadOf = (link: string) => link.split("?start=")[1]!;
const claimLink = (t: TestBot) => issueOwnerLink(t.db, t.deps.settings, BOT_INFO.username, t.clock.now().getTime())!;
const buttons = (call: CapturedCall | undefined) =>
  ((call?.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined)?.inline_keyboard ?? [])
    .map((row) => row.map((b) => [b.text, b.callback_data ?? ""]));

async function claim(t: ReturnType<typeof setup>, who: User = OWNER) {
  await t.send(`/start ${payloadOf(claimLink(t))}`, who);
}

describe("the owner link", () => {
  it("first use wins: the opener becomes the owner and hears what to do next; the same link then grants nothing", async () => {
    const t = setup();
    expect(t.deps.settings.unclaimed()).toBe(true);
    const link = claimLink(t);
    expect(link).toMatch(/^https:\/\/t\.me\/butlerspb_test_bot\?start=own_[A-Za-z0-9_-]{22}$/); // 128 random bits
    const code = payloadOf(link).slice("own_".length);

    await t.send(`/start ${payloadOf(link)}`, OWNER);
    expect(t.textsTo(OWNER.id)).toEqual([
      "Готово, Ольга: теперь вы владелец бота.\n\nЧто дальше:\n" +
        "1. Канал: добавьте бота в канал администратором с правом публиковать сообщения — я спрошу, публиковать ли туда. " +
        "Если бот уже в канале, просто перешлите мне любой пост из него.\n" +
        "2. Заявки: добавьте бота в группу, куда присылать заявки на консультацию (иначе они придут вам сюда).\n" +
        "3. Администраторы: /admins — пригласить помощников.\n" +
        "Все настройки: /settings.",
    ]);
    expect(t.deps.settings.admins()).toEqual([{ id: OWNER.id, role: "owner", name: "Ольга", source: "telegram" }]);

    await t.send(`/start ${payloadOf(link)}`, STRANGER);
    expect(t.textsTo(STRANGER.id)).toEqual(["Эта ссылка недействительна: она уже использована, устарела или набрана с ошибкой. Попросите новую у владельца бота."]);
    expect(t.deps.settings.isAdmin(STRANGER.id)).toBe(false);

    // Stored only as a hash; never in anything the bot sent; no new link once claimed.
    const stored = t.db.prepare("SELECT hash, used_by FROM setup_codes").all();
    expect(stored).toEqual([{ hash: createHash("sha256").update(code).digest("hex"), used_by: OWNER.id }]);
    expect(t.calls.filter((c) => JSON.stringify(c.payload).includes(code))).toEqual([]);
    expect(issueOwnerLink(t.db, t.deps.settings, BOT_INFO.username, 0)).toBeUndefined();
  });

  it("a wrong or replaced code grants nothing, and repeated wrong codes from one user are slowed down", async () => {
    const t = setup();
    const stale = claimLink(t);
    const link = claimLink(t); // a new start: the previous link stops working
    await t.send(`/start ${payloadOf(stale)}`, STRANGER);
    await t.send("/start own_AAAAAAAAAAAAAAAAAAAAAA", STRANGER);
    await t.send("/start own_BBBBBBBBBBBBBBBBBBBBBB", STRANGER);
    // The third wrong code in a row: a minute's pause, during which even the right code is not checked.
    await t.send(`/start ${payloadOf(link)}`, STRANGER);
    expect(t.textsTo(STRANGER.id).slice(-1)).toEqual(["Слишком много неверных ссылок подряд. Попробуйте снова через 1 мин."]);
    expect(t.deps.settings.unclaimed()).toBe(true);
    // Another user is not slowed down by someone else's guesses.
    t.clock.advance(61_000);
    await t.send(`/start ${payloadOf(link)}`, OWNER);
    expect(t.deps.settings.isOwner(OWNER.id)).toBe(true);
    expect(t.deps.settings.isAdmin(STRANGER.id)).toBe(false);
  });
});

describe("admins in Telegram", () => {
  it("an invite: the link is made in /admins, its opener becomes an admin once, and the owner is told", async () => {
    const t = setup();
    await claim(t);
    await t.send("/admins", OWNER);
    expect(t.textsTo(OWNER.id).at(-1)).toBe(
      "Администраторы бота:\n• Ольга (id 501) — владелец\n\nПригласить: кнопка ниже даёт одноразовую ссылку на 24 часа — перешлите её помощнику.",
    );
    expect(buttons(t.lastTo(OWNER.id))).toEqual([[["Пригласить администратора", "su:inv"]], [["Удалить: Ольга", "su:rm:501"]]]);

    await t.tap("su:inv", OWNER);
    const invite = t.textsTo(OWNER.id).at(-1)!;
    expect(invite).toMatch(/^Ссылка-приглашение \(одноразовая, действует 24 часа\)\. Перешлите её тому, кого хотите сделать администратором:\nhttps:\/\/t\.me\/butlerspb_test_bot\?start=adm_[A-Za-z0-9_-]{22}$/);
    const payload = payloadOf(invite);

    await t.send(`/start ${payload}`, HELPER);
    expect(t.textsTo(HELPER.id)).toEqual(["Готово, Мария: теперь вы администратор бота. Настройки: /settings, администраторы: /admins."]);
    expect(t.textsTo(OWNER.id).at(-1)).toBe("👤 Мария (id 502) стал администратором бота по вашему приглашению.");
    expect(t.deps.settings.admins().map((a) => [a.id, a.role])).toEqual([[OWNER.id, "owner"], [HELPER.id, "admin"]]);

    await t.send(`/start ${payload}`, STRANGER);
    expect(t.deps.settings.isAdmin(STRANGER.id)).toBe(false);
    // An invite expires after 24 hours.
    await t.tap("su:inv", OWNER);
    const late = payloadOf(t.textsTo(OWNER.id).at(-1)!);
    t.clock.advance(24 * 60 * 60_000 + 1);
    await t.send(`/start ${late}`, { ...STRANGER, id: 504 });
    expect(t.deps.settings.isAdmin(504)).toBe(false);
  });

  it("the owner removes an admin after a confirmation; never the last owner; an admin may not remove", async () => {
    const t = setup();
    await claim(t);
    t.deps.settings.addAdmin({ id: HELPER.id, name: "Мария" }, "admin", OWNER.id, 0);

    await t.tap("su:rm:502", HELPER);
    expect(t.alerts()).toEqual(["Это может сделать только владелец бота."]);
    await t.tap("su:rm:502", OWNER);
    expect(t.textsTo(OWNER.id).at(-1)).toBe("Удалить администратора Мария (id 502)? Он больше не сможет управлять ботом.");
    expect(buttons(t.lastTo(OWNER.id))).toEqual([[["Да, удалить", "su:rmy:502"], ["Отмена", "su:rmn"]]]);
    expect(t.deps.settings.isAdmin(HELPER.id)).toBe(true); // nothing happens before the confirmation
    await t.tap("su:rmy:502", OWNER);
    expect(t.edits().at(-1)).toBe("Администратор id 502 удалён.");
    expect(t.deps.settings.isAdmin(HELPER.id)).toBe(false);
    await t.send("/settings", HELPER);
    expect(t.textsTo(HELPER.id).at(-1)).toBe("Эта команда доступна только администраторам канала.");

    await t.tap("su:rmy:501", OWNER);
    expect(t.alerts().at(-1)).toBe("Нельзя удалить последнего владельца бота.");
    expect(t.deps.settings.isOwner(OWNER.id)).toBe(true);
  });

  it("the admin command menus follow at once: a new admin gets them, a removed one loses them", async () => {
    const t = setup();
    const errors: unknown[] = [];
    const menus = followAdminMenus(t.bot.api, t.deps.settings, commandSpecs(), (err) => errors.push(err));
    t.deps.settings.addAdmin({ id: HELPER.id }, "owner", undefined, 0);
    await menus.idle();
    const set = t.sent("setMyCommands");
    expect(set.map((c) => c.payload.scope)).toEqual([{ type: "chat", chat_id: HELPER.id }]);
    expect((set[0]!.payload.commands as Array<{ command: string }>).map((c) => c.command)).toEqual(expect.arrayContaining(["settings", "admins", "status", "start"]));
    t.deps.settings.addAdmin({ id: OWNER.id }, "owner", undefined, 0);
    t.deps.settings.removeAdmin(HELPER.id);
    await menus.idle();
    expect(t.sent("deleteMyCommands").map((c) => c.payload.scope)).toEqual([{ type: "chat", chat_id: HELPER.id }]);
    expect(t.sent("setMyCommands").map((c) => c.payload.scope)).toEqual([{ type: "chat", chat_id: HELPER.id }, { type: "chat", chat_id: OWNER.id }]);
    menus.stop();
    expect(errors).toEqual([]);
  });
});

describe("connecting the channel", () => {
  it("an admin adds the bot as a channel admin who may post: «Публиковать сюда?» → «Да» connects it", async () => {
    const t = setup();
    await claim(t);
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botLeft(), botAdmin()));
    expect(t.textsTo(OWNER.id).at(-1)).toBe("Бот добавлен администратором в канал «ButlerSPB блог».\nПубликовать сюда?");
    expect(buttons(t.lastTo(OWNER.id))).toEqual([[["Да", "su:ch:y:-1001234567890"], ["Нет", "su:ch:n:-1001234567890"]]]);
    expect(t.deps.settings.channel()).toBeUndefined();
    await t.tap("su:ch:y:-1001234567890", OWNER);
    expect(t.edits()).toEqual(["✅ Канал «ButlerSPB блог» подключён: посты публикуются сюда."]);
    expect(t.deps.settings.channel()).toEqual({ id: CHANNEL_CHAT.id, title: "ButlerSPB блог", source: "telegram" });
    expect(t.deps.settings.postingTarget()).toEqual({ ok: true, chatId: CHANNEL_CHAT.id });
    // A second tap on the old offer changes nothing.
    await t.tap("su:ch:y:-1001234567890", OWNER);
    expect(t.edits().at(-1)).toBe("Это предложение устарело: добавьте бота заново или перешлите пост из канала.");
  });

  it("a forwarded channel post does the same after getChatMember says the bot may post there; otherwise it says what is missing", async () => {
    const t = setup();
    await claim(t);
    t.respond("getChatMember", () => botMember());
    await t.bot.handleUpdate(forwardedChannelPost(CHANNEL_CHAT, OWNER));
    expect(t.sent("getChatMember").map((c) => [c.payload.chat_id, c.payload.user_id])).toEqual([[CHANNEL_CHAT.id, BOT_INFO.id]]);
    expect(t.textsTo(OWNER.id).at(-1)).toBe(
      "Бот не может публиковать в канале «ButlerSPB блог»: добавьте его администратором канала с правом публиковать сообщения и перешлите пост ещё раз.",
    );
    t.respond("getChatMember", () => botAdmin());
    await t.bot.handleUpdate(forwardedChannelPost(CHANNEL_CHAT, OWNER));
    expect(t.textsTo(OWNER.id).at(-1)).toBe("Бот добавлен администратором в канал «ButlerSPB блог».\nПубликовать сюда?");
    await t.tap("su:ch:y:-1001234567890", OWNER);
    expect(t.deps.settings.channel()?.id).toBe(CHANNEL_CHAT.id);
    // A stranger's forward is not a setup step (it goes on to the other features).
    t.reset();
    await t.bot.handleUpdate(forwardedChannelPost({ ...CHANNEL_CHAT, id: -100999 }, STRANGER));
    expect(t.sent("getChatMember")).toEqual([]);
  });

  it("added by someone who is not an admin of the bot: nothing is connected and the bot leaves the chat", async () => {
    const t = setup();
    await claim(t);
    await t.bot.handleUpdate(myChatMemberUpdate(LEADS_GROUP, STRANGER, botLeft(), botMember()));
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, STRANGER, botLeft(), botAdmin()));
    expect(t.sent("leaveChat").map((c) => c.payload.chat_id)).toEqual([LEADS_GROUP.id, CHANNEL_CHAT.id]);
    expect(t.sent("sendMessage")).toEqual([t.sent("sendMessage")[0]]); // only the claim's welcome
    expect([t.deps.settings.channel(), t.deps.settings.leadsChat()]).toEqual([undefined, undefined]);
  });
});

describe("the channel lost and back", () => {
  it("rights lost → admins told with the title, due posts held (none tried or marked); back → sent once", async () => {
    const dir = makeContentDir({ "novyj.md": postFile({ title: "Новый пост", pubDate: "2026-11-24T12:00:00Z" }) });
    const catalog = createPostCatalog(dir, "https://butlerspb-blog.netlify.app");
    const t = setup({ ADMIN_IDS: "", CHANNEL_ID: "", CONTENT_DIR: dir, PUBLISH_CRON: "0 0 1 1 *" }, { catalog, clock: createFakeClock("2026-11-24T10:00:00Z") });
    await claim(t);
    t.deps.settings.addAdmin({ id: HELPER.id, name: "Мария" }, "admin", OWNER.id, 0);
    const repo = createPublicationRepo(t.db);
    const deps: PublisherDeps = {
      api: t.bot.api, repo, catalog, config: t.deps.config, settings: t.deps.settings, clock: t.clock, log, botUsername: BOT_INFO.username, downloadImage: async () => null,
    };
    const channelCalls = () => t.calls.filter((c) => c.payload.chat_id === CHANNEL_CHAT.id);

    // No channel yet: the first tick records the post, and when it is due it waits untried.
    await publishDuePosts(deps);
    t.clock.set("2026-11-24T12:05:00Z");
    await publishDuePosts(deps);
    expect(channelCalls()).toEqual([]);
    expect(repo.get("novyj")).toMatchObject({ status: "scheduled", attempts: 0 });

    // Connected, then the rights are taken away at once.
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botLeft(), botAdmin(false)));
    expect(t.deps.settings.channel()).toBeUndefined(); // an admin who may not post is not offered
    t.deps.settings.connectChannel({ id: CHANNEL_CHAT.id, title: CHANNEL_CHAT.title }, 0);
    t.reset();
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botAdmin(), botAdmin(false)));
    const lost =
      "⚠️ Бот больше не может публиковать в канале «ButlerSPB блог». Запланированные посты ждут и выйдут, как только канал снова будет доступен: " +
      "верните боту права администратора или подключите другой канал (добавьте бота туда администратором).";
    expect(t.textsTo(OWNER.id)).toEqual([lost]);
    expect(t.textsTo(HELPER.id)).toEqual([lost]);
    expect(t.deps.settings.postingTarget()).toEqual({ ok: false, reason: "у бота нет права публиковать в канале «ButlerSPB блог»" });

    const scheduler = startScheduler(deps);
    await scheduler.idle();
    expect(channelCalls()).toEqual([]);
    expect(repo.get("novyj")).toMatchObject({ status: "scheduled", attempts: 0 });
    // The same news twice is told once.
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botAdmin(false), botAdmin(false)));
    expect(t.textsTo(OWNER.id)).toEqual([lost]);

    // Rights back: the admins hear it and the held post goes out at once, exactly once.
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botAdmin(false), botAdmin()));
    await scheduler.idle();
    await publishDuePosts(deps);
    scheduler.stop();
    expect(t.textsTo(OWNER.id).at(-1)).toBe("✅ Бот снова может публиковать в канале «ButlerSPB блог»: отложенные посты выходят.");
    expect(channelCalls().filter((c) => c.method.startsWith("send"))).toHaveLength(1);
    expect(repo.get("novyj")!.status).toBe("published");
  });

  it("removed from the channel: admins told it was removed, and /publish says why instead of trying", async () => {
    const t = setup({ ADMIN_IDS: String(ADMIN.id), CHANNEL_ID: "" });
    t.deps.settings.connectChannel({ id: CHANNEL_CHAT.id, title: CHANNEL_CHAT.title }, 0);
    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, STRANGER, botAdmin(), botKicked()));
    expect(t.textsTo(ADMIN.id)).toEqual([
      "⚠️ Бота удалили из канала «ButlerSPB блог». Запланированные посты ждут и выйдут, как только канал снова будет доступен: " +
        "верните боту права администратора или подключите другой канал (добавьте бота туда администратором).",
    ]);
    const dir = makeContentDir();
    const catalog = createPostCatalog(dir, "https://butlerspb-blog.netlify.app");
    const deps: PublisherDeps = {
      api: t.bot.api, repo: createPublicationRepo(t.db), catalog, config: t.deps.config, settings: t.deps.settings, clock: t.clock, log, botUsername: "b", downloadImage: async () => null,
    };
    expect(await publishPost(SEED_SLUG, deps)).toEqual({ status: "failed", slug: SEED_SLUG, error: "бота удалили из канала «ButlerSPB блог»", messageIds: [], retryAt: null });
    expect(createPublicationRepo(t.db).get(SEED_SLUG)).toBeUndefined();
    expect(t.sent("leaveChat")).toEqual([]); // leaving a channel it was removed from makes no sense
  });
});

describe("the leads chat", () => {
  it("connected by adding the bot to a group; removed → admins told, and requests go to their private chats again, none lost", async () => {
    const t = setup({ ADMIN_IDS: String(ADMIN.id), CHANNEL_ID: "" });
    const submit = (key: string) => submitLead({ ...t.deps, log }, { submissionKey: key, userId: CLIENT.id, draft: newLead().draft, source: "command", consentAt: 0 });
    await t.bot.handleUpdate(myChatMemberUpdate(LEADS_GROUP, ADMIN, botLeft(), botMember()));
    expect(t.textsTo(ADMIN.id)).toEqual(["Бот добавлен в группу «Заявки ButlerSPB».\nПрисылать заявки сюда?"]);
    await t.tap("su:ld:y:-100777", ADMIN);
    expect(t.edits()).toEqual(["✅ Заявки на консультацию теперь приходят в «Заявки ButlerSPB»."]);

    const worker = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log, { intervalMs: 3_600_000 });
    await worker.stop();
    submit("k1");
    // The group is unreachable for this notice (a network error): it is still waiting when the bot is removed.
    t.networkErrorNext("sendMessage", 1, "ECONNREFUSED");
    const { deliverPendingNotices } = await import("../../src/consultation/outbox.js");
    expect(await deliverPendingNotices(t.bot.api, t.db, t.deps, t.clock, log)).toEqual({ delivered: 0, failed: 1 });

    await t.bot.handleUpdate(myChatMemberUpdate(LEADS_GROUP, ADMIN, botMember(), botKicked()));
    expect(t.textsTo(ADMIN.id).at(-1)).toBe(
      "⚠️ Бота удалили из чата заявок «Заявки ButlerSPB». Заявки снова приходят каждому администратору в личные сообщения; ни одна не потеряется.",
    );
    expect(t.deps.settings.leadsChat()).toBeUndefined();
    submit("k2");
    t.clock.advance(60 * 60_000);
    await deliverPendingNotices(t.bot.api, t.db, t.deps, t.clock, log);
    const cards = t.sent("sendMessage").filter((c) => String(c.payload.text).includes("Заявка"));
    expect(cards.map((c) => c.payload.chat_id)).toEqual([LEADS_GROUP.id, ADMIN.id, ADMIN.id]); // the failed try, then both leads
    expect(t.db.prepare("SELECT lead_id, chat_id, delivered_at IS NOT NULL AS done FROM lead_notices ORDER BY lead_id").all()).toEqual([
      { lead_id: 1, chat_id: ADMIN.id, done: 1 },
      { lead_id: 2, chat_id: ADMIN.id, done: 1 },
    ]);
  });

  it("a request made while nobody is admin is stored and thanked, and delivered as soon as someone claims the bot", async () => {
    const t = setup();
    const saved = submitLead({ ...t.deps, log }, { submissionKey: "k1", userId: CLIENT.id, draft: newLead().draft, source: "command", consentAt: 0 });
    expect(saved).toEqual({ status: "saved", leadId: 1, created: true });
    const worker = startOutboxWorker(t.bot.api, t.db, t.deps, t.clock, log, { intervalMs: 3_600_000 });
    await claim(t);
    const cards = () => t.sent("sendMessage").filter((c) => c.payload.chat_id === OWNER.id && String(c.payload.text).includes("Заявка"));
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
    await worker.stop();
    expect(t.textsTo(OWNER.id).filter((x) => x.startsWith("Готово, Ольга"))).toHaveLength(1);
    expect(createLeadRepo(t.db).get(1)).toBeDefined();
  });
});

describe("the environment stays the fixed choice", () => {
  it("ADMIN_IDS: owners shown as from the server, not removable, no owner link; CHANNEL_ID / LEADS_CHAT_ID: Telegram connects nothing else", async () => {
    const t = setup({ ADMIN_IDS: String(ADMIN.id), CHANNEL_ID: "@butlerspb_test", LEADS_CHAT_ID: "-100555" });
    expect(issueOwnerLink(t.db, t.deps.settings, BOT_INFO.username, 0)).toBeUndefined();
    // A link printed before ADMIN_IDS was set grants nothing now.
    const leftover = createCodeRepo(t.db).issueOwnerCode(0);
    await t.send(`/start own_${leftover}`, STRANGER);
    expect(t.textsTo(STRANGER.id)).toEqual(["Эта ссылка недействительна: она уже использована, устарела или набрана с ошибкой. Попросите новую у владельца бота."]);
    expect(t.deps.settings.admins().map((a) => a.id)).toEqual([ADMIN.id]);
    await t.send("/admins", ADMIN);
    expect(t.textsTo(ADMIN.id).at(-1)).toContain("• без имени (id 42) — владелец, из настроек сервера (ADMIN_IDS)");
    expect(buttons(t.lastTo(ADMIN.id))).toEqual([[["Пригласить администратора", "su:inv"]]]);
    await t.tap("su:rmy:42", ADMIN);
    expect(t.alerts()).toEqual(["Этот администратор задан в настройках сервера (ADMIN_IDS): удалить его можно только там."]);

    await t.bot.handleUpdate(myChatMemberUpdate(CHANNEL_CHAT, ADMIN, botLeft(), botAdmin()));
    await t.bot.handleUpdate(myChatMemberUpdate(LEADS_GROUP, ADMIN, botLeft(), botMember()));
    expect(t.textsTo(ADMIN.id).slice(-2)).toEqual([
      "Канал задан в настройках сервера (CHANNEL_ID), поэтому «ButlerSPB блог» не подключён. Чтобы выбирать канал в Telegram, уберите CHANNEL_ID.",
      "Чат заявок задан в настройках сервера (LEADS_CHAT_ID), поэтому «Заявки ButlerSPB» не подключён.",
    ]);
    expect(t.deps.settings.channel()).toEqual({ id: "@butlerspb_test", title: undefined, source: "env" });
    expect(t.deps.settings.leadsChat()).toEqual({ id: -100555, title: undefined, source: "env" });

    // The fixed channel (matched by its @username) losing the bot's rights is still reported and holds posts.
    const envChannel = { ...CHANNEL_CHAT, id: -100424242, username: "butlerspb_test" };
    await t.bot.handleUpdate(myChatMemberUpdate(envChannel, STRANGER, botAdmin(), botLeft()));
    expect(t.deps.settings.postingTarget()).toEqual({ ok: false, reason: "бота удалили из канала «ButlerSPB блог»" });
    await t.send("/settings", ADMIN);
    expect(t.textsTo(ADMIN.id).at(-1)).toContain("Канал: @butlerspb_test — из настроек сервера (CHANNEL_ID)\n⚠️ Публикация остановлена: бота удалили из канала «ButlerSPB блог»");
    expect(buttons(t.lastTo(ADMIN.id)).flat().map(([text]) => text)).not.toContain("Отключить канал");
  });

  it("PUBLISH_FORMAT set: /settings shows it as the server's and offers no format buttons", async () => {
    const t = setup({ ADMIN_IDS: String(ADMIN.id), PUBLISH_FORMAT: "long", REPORT_CRON: "" });
    await t.send("/settings", ADMIN);
    const text = t.textsTo(ADMIN.id).at(-1)!;
    expect(text).toContain("Формат публикации: длинный текст частями — из настроек сервера (PUBLISH_FORMAT)");
    expect(text).toContain("Еженедельный отчёт: выключен — из настроек сервера (REPORT_CRON)");
    expect(buttons(t.lastTo(ADMIN.id))).toEqual([]);
  });
});

describe("/settings", () => {
  it("shows every choice and where it comes from; «тизер» changes the format at once, for the next publication too", async () => {
    const dir = makeContentDir();
    const catalog = createPostCatalog(dir, "https://butlerspb-blog.netlify.app");
    const t = setup({ ADMIN_IDS: String(ADMIN.id), CHANNEL_ID: "", CONTENT_DIR: dir }, { catalog });
    t.deps.settings.connectChannel({ id: CHANNEL_CHAT.id, title: CHANNEL_CHAT.title }, 0);
    await t.send("/settings", ADMIN);
    expect(t.textsTo(ADMIN.id)).toEqual([
      [
        "⚙️ Настройки бота",
        "",
        "Канал: «ButlerSPB блог» — подключён в Telegram",
        "Чат заявок: не подключён — заявки приходят администраторам в личные сообщения.",
        "Администраторы (1): 42 (из настроек сервера)",
        "Формат публикации: полный пост (rich) — по умолчанию",
        "Расписание проверки постов: */5 * * * * (часовой пояс Europe/Moscow) — из настроек сервера",
        "Еженедельный отчёт: включён (0 10 * * 1) — по умолчанию",
      ].join("\n"),
    ]);
    expect(buttons(t.lastTo(ADMIN.id))).toEqual([
      [["✓ полный пост (rich)", "su:f:rich"]],
      [["тизер со ссылкой на блог", "su:f:teaser"]],
      [["длинный текст частями", "su:f:long"]],
      [["Отключить канал", "su:dc:ch"]],
      [["Выключить еженедельный отчёт", "su:w:0"]],
    ]);
    await t.tap("su:f:teaser", CLIENT);
    expect(t.deps.settings.publishFormat().value).toBe("rich"); // clients change nothing
    await t.tap("su:f:teaser", ADMIN);
    expect(t.edits().at(-1)).toContain("Формат публикации: тизер со ссылкой на блог — выбрано в Telegram");
    expect(buttons(t.sent("editMessageText").at(-1))[1]).toEqual([["✓ тизер со ссылкой на блог", "su:f:teaser"]]);

    const deps: PublisherDeps = {
      api: t.bot.api, repo: createPublicationRepo(t.db), catalog, config: t.deps.config, settings: t.deps.settings, clock: t.clock, log, botUsername: "b", downloadImage: async () => null,
    };
    expect(await publishPost(SEED_SLUG, deps)).toMatchObject({ status: "published", format: "teaser" });

    await t.tap("su:w:0", ADMIN);
    expect(t.deps.settings.weeklyReport()).toEqual({ on: false, source: "telegram" });
    await t.tap("su:dc:ch", ADMIN);
    expect(t.deps.settings.channel()).toBeUndefined();
    expect(t.edits().at(-1)).toContain("Канал: не подключён — добавьте бота в канал администратором с правом публиковать. Посты ждут.");
  });
});

describe("setup buttons", () => {
  it.each<SetupAction>([
    { kind: "invite" },
    { kind: "remove", userId: 999_999_999_999_999 },
    { kind: "removeConfirm", userId: 7 },
    { kind: "removeCancel" },
    { kind: "connect", target: "channel", chatId: -100_999_999_999_999, yes: true },
    { kind: "connect", target: "leads", chatId: -4_000_000_000, yes: false },
    { kind: "format", format: "long" },
    { kind: "disconnect", target: "leads" },
    { kind: "weekly", on: true },
  ])("%o round-trips within 64 bytes", (action) => {
    const data = encodeSetupAction(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(decodeSetupAction(data)).toEqual(action);
  });

  it("rejects forged data", () => {
    expect(["su:rm:abc", "su:ch:x:-1", "su:f:html", "su:w:2", "su:zz", "c:start"].map(decodeSetupAction)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
