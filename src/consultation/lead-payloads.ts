import { canonicalUrl } from "../content/front-matter.js";
import type { Post } from "../content/post.js";
import { describeSource } from "./lead-card.js";
import type { Lead } from "./model.js";
import { serviceLabels } from "./texts.js";

/**
 * What the CRM targets receive (issue 18), as pure data: Bitrix24's `crm.lead.add` body and the signed
 * webhook's JSON. Only what the client typed and consented to, plus where the request came from.
 */

export const BITRIX24_ORIGINATOR_ID = "butlerspb-bot";
export const BITRIX24_SOURCE_DESCRIPTION = "Telegram-бот блога ButlerSPB";

export interface SourcePost {
  slug: string;
  title: string;
  url: string;
}

/** The post a deep link came from: its title and page from the catalog, or the site's route when it is gone. */
export function sourcePost(source: string, findPost: (slug: string) => Pick<Post, "title" | "url"> | undefined, siteUrl: string): SourcePost | null {
  if (!source.startsWith("post:")) return null;
  const slug = source.slice("post:".length);
  const post = findPost(slug);
  return post ? { slug, title: post.title, url: post.url } : { slug, title: slug, url: canonicalUrl(undefined, slug, siteUrl) };
}

/** The lead's personal fields; a lead with them removed (/forget) is never sent. */
export function personalFields(lead: Lead): { name: string; phone: string } | null {
  return lead.anonymisedAt === null && lead.name !== null && lead.phone !== null ? { name: lead.name, phone: lead.phone } : null;
}

export interface Bitrix24AddBody {
  fields: Record<string, unknown>;
  params: { REGISTER_SONET_EVENT: "Y" };
}

/** `crm.lead.add`: ORIGINATOR_ID + ORIGIN_ID mark the record as ours, so a look-up finds it after a lost answer. */
export function bitrix24LeadBody(lead: Lead, post: SourcePost | null): Bitrix24AddBody {
  const personal = personalFields(lead);
  if (!personal) throw new Error(`lead ${lead.id} has no personal data to send`);
  const service = serviceLabels[lead.service];
  const comments = [
    `Услуга: ${service}`,
    `Удобное время: ${lead.callTime ?? "—"}`,
    ...(lead.comment ? [`Комментарий: ${lead.comment}`] : []),
    post ? `Источник: пост «${post.title}» — ${post.url}` : `Источник: ${describeSource(lead.source)}`,
    ...(lead.telegramUsername ? [`Telegram: @${lead.telegramUsername}`] : []),
    `Заявка №${lead.id} в Telegram-боте`,
  ].join("\n");
  const fields: Record<string, unknown> = {
    TITLE: `Заявка из Telegram: ${service}`,
    NAME: personal.name,
    PHONE: [{ VALUE: personal.phone, VALUE_TYPE: "WORK" }],
    COMMENTS: comments,
    SOURCE_DESCRIPTION: BITRIX24_SOURCE_DESCRIPTION,
    UTM_SOURCE: "telegram",
    ...(post ? { UTM_CAMPAIGN: post.slug } : {}),
    ORIGINATOR_ID: BITRIX24_ORIGINATOR_ID,
    ORIGIN_ID: lead.publicId,
  };
  return { fields, params: { REGISTER_SONET_EVENT: "Y" } };
}

/** `crm.lead.list` filtered to this lead: the look-up before a second `crm.lead.add`. */
export function bitrix24LookupBody(lead: Pick<Lead, "publicId">) {
  return { filter: { ORIGINATOR_ID: BITRIX24_ORIGINATOR_ID, ORIGIN_ID: lead.publicId }, select: ["ID"] };
}

export interface LeadWebhookPayload {
  event: "lead.created";
  lead: {
    id: string;
    number: number;
    createdAt: string;
    name: string;
    phone: string;
    service: string;
    serviceTitle: string;
    callTime: string | null;
    comment: string | null;
    source: SourcePost | null;
    telegram: { username: string } | null;
  };
}

export function leadWebhookPayload(lead: Lead, post: SourcePost | null): LeadWebhookPayload {
  const personal = personalFields(lead);
  if (!personal) throw new Error(`lead ${lead.id} has no personal data to send`);
  return {
    event: "lead.created",
    lead: {
      id: lead.publicId,
      number: lead.id,
      createdAt: new Date(lead.createdAt).toISOString(),
      name: personal.name,
      phone: personal.phone,
      service: lead.service,
      serviceTitle: serviceLabels[lead.service],
      callTime: lead.callTime,
      comment: lead.comment,
      source: post,
      telegram: lead.telegramUsername ? { username: lead.telegramUsername } : null,
    },
  };
}
