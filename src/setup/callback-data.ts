import { PUBLISH_FORMATS, type PublishFormat } from "../config.js";

/**
 * Buttons of the setup flow, prefix `su:`. Chat ids are at most 15 digits with a sign: every value stays
 * far below Telegram's 64-byte limit (asserted in the tests).
 */
export type SetupAction =
  | { kind: "invite" }
  | { kind: "remove"; userId: number }
  | { kind: "removeConfirm"; userId: number }
  | { kind: "removeCancel" }
  | { kind: "connect"; target: "channel" | "leads"; chatId: number; yes: boolean }
  | { kind: "format"; format: PublishFormat }
  | { kind: "disconnect"; target: "channel" | "leads" }
  | { kind: "weekly"; on: boolean };

export const SETUP_CALLBACK_RE = /^su:/;

export function encodeSetupAction(a: SetupAction): string {
  switch (a.kind) {
    case "invite": return "su:inv";
    case "remove": return `su:rm:${a.userId}`;
    case "removeConfirm": return `su:rmy:${a.userId}`;
    case "removeCancel": return "su:rmn";
    case "connect": return `su:${a.target === "channel" ? "ch" : "ld"}:${a.yes ? "y" : "n"}:${a.chatId}`;
    case "format": return `su:f:${a.format}`;
    case "disconnect": return `su:dc:${a.target === "channel" ? "ch" : "ld"}`;
    case "weekly": return `su:w:${a.on ? 1 : 0}`;
  }
}

export function decodeSetupAction(data: string): SetupAction | undefined {
  const parts = data.split(":");
  if (parts[0] !== "su") return undefined;
  const id = (s: string | undefined) => (s !== undefined && /^-?\d{1,15}$/.test(s) ? Number(s) : undefined);
  switch (parts[1]) {
    case "inv": return { kind: "invite" };
    case "rmn": return { kind: "removeCancel" };
    case "rm": case "rmy": {
      const userId = id(parts[2]);
      if (userId === undefined) return undefined;
      return parts[1] === "rm" ? { kind: "remove", userId } : { kind: "removeConfirm", userId };
    }
    case "ch": case "ld": {
      const chatId = id(parts[3]);
      if (chatId === undefined || (parts[2] !== "y" && parts[2] !== "n")) return undefined;
      return { kind: "connect", target: parts[1] === "ch" ? "channel" : "leads", chatId, yes: parts[2] === "y" };
    }
    case "f": {
      const format = parts[2] as PublishFormat;
      return PUBLISH_FORMATS.includes(format) ? { kind: "format", format } : undefined;
    }
    case "dc": return parts[2] === "ch" || parts[2] === "ld" ? { kind: "disconnect", target: parts[2] === "ch" ? "channel" : "leads" } : undefined;
    case "w": return parts[2] === "1" || parts[2] === "0" ? { kind: "weekly", on: parts[2] === "1" } : undefined;
    default: return undefined;
  }
}
