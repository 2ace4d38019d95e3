import { join } from "node:path";
import Database from "better-sqlite3";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { makeContentDir } from "../helpers/content-dir.js";
import { BITRIX24_CODE, startTestBitrix24 } from "../helpers/fake-bitrix24.js";
import { startFakeLeadReceiver } from "../helpers/fake-lead-receiver.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi } from "./spawn-bot.js";

const WAIT_MS = 20_000;
const WEBHOOK_SECRET = "e2e-webhook-secret-0123456789";

/**
 * The compiled bot against a fake Bot API, a Bitrix24 stand-in and a webhook receiver, all on 127.0.0.1.
 * Bitrix24 stores the lead, and the bot is killed with SIGKILL before its answer reaches it: the bot never
 * recorded the delivery. After the restart it must find the lead by ORIGIN_ID instead of adding it again.
 */
describe("CRM: a kill -9 between Bitrix24 storing the lead and the bot recording it", () => {
  it("still makes one lead in Bitrix24 (found by crm.lead.list after the restart) and one on the webhook receiver", async () => {
    const api = await startE2eBotApi();
    const bitrix = await startTestBitrix24();
    const receiver = await startFakeLeadReceiver(WEBHOOK_SECRET);
    const db = join(makeTempDir("butler-e2e-crm-"), "bot.db");
    const env = {
      BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      CHANNEL_ID: "@butlerspb_e2e",
      ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: db,
      CONTENT_DIR: makeContentDir(),
      BITRIX24_WEBHOOK_URL: bitrix.webhookUrl,
      LEADS_WEBHOOK_URL: receiver.url,
      LEADS_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    let bot = spawnBot(env);
    await api.waitForCall("getUpdates", undefined, WAIT_MS);

    const step = async (update: Update, expected: RegExp, method = "sendMessage") => {
      const answer = api.nextCall(method, (c) => c.payload.chat_id === CLIENT.id && expected.test(String(c.payload.text)), WAIT_MS);
      api.pushUpdate(update);
      return answer;
    };
    await step(textUpdate("/start consult_vip-konsyerzh"), /^Оставьте заявку/);
    await step(textUpdate("Иван"), /^Оставьте номер телефона/);
    await step(textUpdate("8 921 123-45-67"), /^Номер \+7 921 123-45-67 записал\.$/);
    await step(callbackUpdate("c:svc:concierge"), /✓ Консьерж \/ VIP-сервис$/, "editMessageText");
    await step(callbackUpdate("c:time:evening"), /^Хотите что-то добавить\?/);
    const consent = await step(textUpdate("Встретить гостей"), /^Последний шаг — согласие/);
    expect(String(consent.payload.text)).toContain("будет передана в CRM-систему компании ButlerSPB");
    await step(callbackUpdate("c:consent:yes"), /^<b>Проверьте, пожалуйста, заявку:<\/b>/);

    // Bitrix24 stores the lead and holds its answer; the bot dies right then.
    bitrix.trouble("store-then-hang");
    const stored = new Promise<void>((resolve) =>
      bitrix.onHeld(() => {
        bot.child.kill("SIGKILL");
        resolve();
      }),
    );
    api.pushUpdate(callbackUpdate("c:send"));
    await stored;
    expect(await bot.exited).toBeNull(); // killed by the signal: no clean shutdown ran
    expect(bitrix.leads).toHaveLength(1);
    const firstOutput = bot.output();

    bot = spawnBot(env);
    const delivered = await waitFor(() => {
      const row = readRow(db, "bitrix24");
      return row?.delivered_at ? row : undefined;
    });
    expect(delivered).toMatchObject({ external_id: bitrix.leads[0]!.ID, lookup_first: 0 });
    expect(bitrix.callsTo("crm.lead.add")).toHaveLength(1);
    expect(bitrix.callsTo("crm.lead.list")).toHaveLength(1);
    expect(bitrix.leads).toHaveLength(1);
    expect(bitrix.leads[0]!.fields).toMatchObject({ NAME: "Иван", PHONE: [{ VALUE: "+79211234567", VALUE_TYPE: "WORK" }], UTM_CAMPAIGN: "vip-konsyerzh" });

    // The admins' card shows the CRM's id (sent with it, or edited in once Bitrix24 was recorded).
    const cardLine = `Bitrix24 — в CRM: #${bitrix.leads[0]!.ID}`;
    await waitFor(() =>
      api.calls.some((c) => (c.method === "sendMessage" || c.method === "editMessageText") && c.payload.chat_id === ADMIN.id && String(c.payload.text).includes(cardLine))
        ? true
        : undefined,
    );
    await waitFor(() => (receiver.accepted.size === 1 ? true : undefined));
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(await bot.stop()).toBe(0);

    // No log line of either process carries the Bitrix24 code, the webhook secret, the name or the phone.
    const logs = firstOutput + bot.output();
    expect(logs).toContain('"event":"lead.crm_found"');
    for (const secret of [BITRIX24_CODE, WEBHOOK_SECRET, "receiver-path-secret", "Иван", "9211234567"]) expect(logs).not.toContain(secret);
    expect(api.violations).toEqual([]);
  }, 60_000);
});

function readRow(path: string, target: string): Record<string, unknown> | undefined {
  const conn = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare("SELECT delivered_at, external_id, lookup_first FROM lead_deliveries WHERE target = ?").get(target) as Record<string, unknown> | undefined;
  } catch {
    return undefined;
  } finally {
    conn.close();
  }
}

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
