/**
 * Pure mapping from our Lead and Call to HubSpot contact and call-engagement properties. No I/O here: the
 * connector decides what to send, this decides what it says.
 */
import type { CallPayload, FieldMappingSpec, LeadPayload } from '../types.ts';
import { campaignLine, escapeHtml, splitName, truncate } from '../shared/text.ts';

/**
 * Our field → HubSpot contact property. Only properties every portal has, so a fresh install never gets
 * PROPERTY_DOESNT_EXIST. `name` is special: by default it is split into `firstName` / `lastName`; mapping
 * `name` itself sends the whole name to one property instead.
 */
export const DEFAULT_FIELD_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  firstName: 'firstname',
  lastName: 'lastname',
  email: 'email',
  phone: 'phone',
  address: 'address',
});

/** Our fields an override may name, besides custom capture fields (`custom.<key>` or the bare key). */
export const MAPPABLE_FIELDS = [
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'address',
  'reason',
  'service',
  'urgency',
  'temperature',
  'preferredTime',
  'summary',
] as const;

/** The mapping editor's rows: every field above, into contact properties; custom capture fields too. */
export const FIELD_MAPPING_SPEC: FieldMappingSpec = Object.freeze({
  object: 'contact',
  fields: MAPPABLE_FIELDS,
  customFields: true,
  unmapped: 'not sent to the contact',
});

/** Set only when we create a contact: on an existing one they would overwrite the sales team's own status. */
export const CREATE_ONLY_PROPERTIES: Readonly<Record<string, string>> = Object.freeze({
  lifecyclestage: 'lead',
  hs_lead_status: 'NEW',
});

/** HubSpot-defined association type: call → contact. */
export const CALL_TO_CONTACT_ASSOCIATION_TYPE_ID = 194;

/** HubSpot caps a string property at 65,536 characters; leave room for the surrounding markup. */
const MAX_CALL_BODY = 65_000;

export function normalizeEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

export function normalizePhone(phone: string | null | undefined): string | null {
  const p = phone?.replace(/[\s().-]/g, '');
  return p ? p : null;
}

/** Defaults overlaid with the connection's overrides; an override of '' switches that field off. */
export function effectiveMapping(overrides: Record<string, string> | undefined): Record<string, string> {
  const merged: Record<string, string> = { ...DEFAULT_FIELD_MAPPING };
  for (const [field, property] of Object.entries(overrides ?? {})) merged[field] = property;
  return merged;
}

function leadFieldValues(lead: LeadPayload): Record<string, string | null> {
  const { firstName, lastName } = splitName(lead.name);
  return {
    name: lead.name?.trim() || null,
    firstName,
    lastName,
    email: normalizeEmail(lead.email),
    phone: normalizePhone(lead.phone),
    address: lead.address,
    reason: lead.reason,
    service: lead.service,
    urgency: lead.urgency,
    temperature: lead.temperature,
    preferredTime: lead.preferredTime,
    summary: lead.summary || null,
  };
}

/**
 * Contact properties for a lead. Empty values are left out so an update never blanks what HubSpot already
 * knows. Custom capture fields are sent only when the mapping names a property for them.
 */
export function contactProperties(lead: LeadPayload, overrides?: Record<string, string>): Record<string, string> {
  const mapping = effectiveMapping(overrides);
  const values = leadFieldValues(lead);
  const props: Record<string, string> = {};
  const set = (property: string | undefined, value: string | null | undefined) => {
    if (!property || value == null || value === '') return;
    props[property] = value;
  };
  const wholeName = mapping.name;
  for (const field of MAPPABLE_FIELDS) {
    if (wholeName && (field === 'firstName' || field === 'lastName')) continue;
    set(mapping[field], values[field]);
  }
  for (const [key, value] of Object.entries(lead.customFields)) {
    const property = mapping[`custom.${key}`] ?? (isStandardField(key) ? undefined : mapping[key]);
    set(property, value);
  }
  return props;
}

function isStandardField(key: string): boolean {
  return (MAPPABLE_FIELDS as readonly string[]).includes(key);
}

const CALL_STATUS: Record<CallPayload['status'], string> = {
  completed: 'COMPLETED',
  busy: 'BUSY',
  'no-answer': 'NO_ANSWER',
  failed: 'FAILED',
  canceled: 'CANCELED',
  // A voicemail was a connected call that ended normally; HubSpot has no status for it.
  voicemail: 'COMPLETED',
};

export function callTitle(call: CallPayload, lead: LeadPayload): string {
  const who = lead.name?.trim() || call.from || 'unknown caller';
  return call.direction === 'inbound' ? `Call from ${who}` : `Call to ${who}`;
}

/** Summary, the lead's key facts and the (already redacted) transcript as simple, escaped HTML. */
export function callBodyHtml(call: CallPayload, lead: LeadPayload): string {
  const facts: [string, string | null][] = [
    ['Reason', lead.reason],
    ['Service', lead.service],
    ['Urgency', lead.urgency],
    ['Temperature', lead.temperature],
    [
      'Preferred time',
      lead.preferredTime
        ? lead.preferredTimeDateOnly
          ? `${lead.preferredTime.slice(0, 10)} (any time)`
          : lead.preferredTime
        : null,
    ],
    ['Address', lead.address],
  ];
  const parts: string[] = [];
  if (call.campaign) parts.push(`<p>${escapeHtml(campaignLine(call.campaign))}</p>`);
  if (lead.summary) parts.push(`<p><strong>Summary</strong></p><p>${escapeHtml(lead.summary)}</p>`);
  const items = facts.filter(([, v]) => v).map(([k, v]) => `<li><strong>${k}:</strong> ${escapeHtml(v ?? '')}</li>`);
  if (items.length) parts.push(`<ul>${items.join('')}</ul>`);
  const head = parts.join('');
  if (call.transcript.length === 0) return head;
  const turns = call.transcript
    .map((t) => `<strong>${t.speaker === 'agent' ? 'Agent' : 'Caller'}:</strong> ${escapeHtml(t.text)}`)
    .join('<br>');
  const transcriptHead = '<p><strong>Transcript</strong></p><p>';
  const room = MAX_CALL_BODY - head.length - transcriptHead.length - '</p>'.length;
  return `${head}${transcriptHead}${truncateHtml(turns, room)}</p>`;
}

/** Cuts on a line break so a tag or entity is never split in half. */
function truncateHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  const cut = html.lastIndexOf('<br>', max - 10);
  return (cut > 0 ? html.slice(0, cut) : truncate(html.replace(/<[^>]*>/g, ''), max - 10)) + '<br>…';
}

export function callProperties(call: CallPayload, lead: LeadPayload): Record<string, string> {
  const props: Record<string, string> = {
    hs_timestamp: new Date(call.startedAt).toISOString(),
    hs_call_title: callTitle(call, lead),
    hs_call_body: callBodyHtml(call, lead),
    hs_call_direction: call.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
    hs_call_status: CALL_STATUS[call.status],
    hs_call_duration: String(Math.max(0, Math.round(call.durationSeconds * 1000))),
  };
  if (call.from) props.hs_call_from_number = call.from;
  if (call.to) props.hs_call_to_number = call.to;
  if (call.recordingUrl) props.hs_call_recording_url = call.recordingUrl;
  return props;
}

export function callToContactAssociation(contactId: string) {
  return {
    to: { id: contactId },
    types: [
      { associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: CALL_TO_CONTACT_ASSOCIATION_TYPE_ID },
    ],
  };
}

/** Contact record page in HubSpot: `<app>/contacts/<portalId>/record/0-1/<contactId>` (0-1 = contacts). */
export function contactDeepLink(appBaseUrl: string, portalId: string, contactId: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/contacts/${encodeURIComponent(portalId)}/record/0-1/${encodeURIComponent(contactId)}`;
}
