import type { BusinessPayload, CallPayload, ConnectionSettings, FieldMappingSpec, LeadPayload } from '../types.ts';
import { campaignLine, splitName, truncate } from '../shared/text.ts';

/**
 * Our lead and call → Salesforce Lead and Task records. Pure: no I/O, no clock, so every rule here is a
 * unit test away. Field names and limits are the standard Lead / Task fields of the SOAP API object
 * reference (FirstName 40, LastName 80, Company 255, Email 80, Phone 40, Street 255, long text 32 000).
 */

export type SObjectRecord = Record<string, string | number | boolean | null>;

/** Salesforce's own Web-to-Lead placeholder for required fields the visitor left empty. */
export const NOT_PROVIDED = '[not provided]';
/** A standard value of the default LeadSource picklist, so restricted picklists accept it. */
export const LEAD_SOURCE = 'Phone Inquiry';
const LONG_TEXT_MAX = 32_000;

/**
 * Our field → Lead field. Keys are LeadPayload fields (or customFields keys); `summary` means the composed
 * Description. A connection's `settings.fieldMapping` overrides entries or adds custom ones
 * (`{ budget: 'Budget__c', urgency: 'Urgency__c' }`).
 */
export const DEFAULT_FIELD_MAPPING: Readonly<Record<string, string>> = {
  phone: 'Phone',
  email: 'Email',
  address: 'Street',
  temperature: 'Rating',
  summary: 'Description',
};

const FIELD_LIMITS: Record<string, number> = {
  FirstName: 40,
  LastName: 80,
  Company: 255,
  Email: 80,
  Phone: 40,
  Street: 255,
  Description: LONG_TEXT_MAX,
};
/** Lead fields filled by dedicated rules; a mapping override may not redirect data into them. */
export const RESERVED_TARGETS: ReadonlySet<string> = new Set([
  'FirstName',
  'LastName',
  'Company',
  'LeadSource',
  'Id',
  'OwnerId',
  'IsConverted',
]);
const SCALAR_FIELDS = [
  'phone',
  'email',
  'address',
  'temperature',
  'reason',
  'service',
  'urgency',
  'preferredTime',
  'summary',
] as const;

/**
 * The mapping editor's rows: the name always fills FirstName / LastName (leadName), so it is not among them;
 * every other detail without a field of its own goes into the Description.
 */
export const FIELD_MAPPING_SPEC: FieldMappingSpec = Object.freeze({
  object: 'Lead',
  fields: SCALAR_FIELDS,
  customFields: true,
  unmapped: "added to the Lead's Description",
});

/** Keys whose value, when captured, names the caller's business rather than the caller. */
const COMPANY_KEYS = [
  'company',
  'companyName',
  'company_name',
  'business',
  'businessName',
  'business_name',
  'organization',
];

function fit(field: string, value: string): string {
  const max = FIELD_LIMITS[field];
  return max ? truncate(value, max) : truncate(value, 255);
}

export function effectiveFieldMapping(settings: ConnectionSettings): Record<string, string> {
  const merged: Record<string, string> = { ...DEFAULT_FIELD_MAPPING };
  for (const [ours, theirs] of Object.entries(settings.fieldMapping ?? {})) {
    const target = theirs.trim();
    if (!target) delete merged[ours];
    else if (!RESERVED_TARGETS.has(target)) merged[ours] = target;
  }
  return merged;
}

export function leadCompany(lead: LeadPayload, settings: ConnectionSettings): string {
  for (const key of COMPANY_KEYS) {
    const v = lead.customFields[key]?.trim();
    if (v) return fit('Company', v);
  }
  const fallback = settings.defaultCompany?.trim();
  return fit('Company', fallback || NOT_PROVIDED);
}

/**
 * "Ana Lucia Souza" → First "Ana Lucia", Last "Souza". LastName is required: a one-word name goes there
 * (Salesforce lists leads by it), no name at all falls back to the phone, the e-mail, then the
 * Web-to-Lead placeholder.
 */
export function leadName(lead: LeadPayload): { FirstName: string | null; LastName: string } {
  const { firstName, lastName } = splitName(lead.name);
  if (lastName)
    return { FirstName: firstName ? fit('FirstName', firstName) : null, LastName: fit('LastName', lastName) };
  if (firstName) return { FirstName: null, LastName: fit('LastName', firstName) };
  return { FirstName: null, LastName: fit('LastName', lead.phone ?? lead.email ?? NOT_PROVIDED) };
}

function leadScalar(lead: LeadPayload, key: string): string | null {
  if ((SCALAR_FIELDS as readonly string[]).includes(key)) {
    const v = lead[key as (typeof SCALAR_FIELDS)[number]];
    return v == null ? null : String(v);
  }
  const custom = lead.customFields[key];
  return custom == null || custom === '' ? null : custom;
}

/** Description: the summary, then every detail that has no field of its own in this org's mapping. */
export function leadDescription(lead: LeadPayload, mapping: Record<string, string>): string {
  const lines = [lead.summary.trim()];
  const detail = (label: string, key: string) => {
    const v = leadScalar(lead, key);
    if (v && !mapping[key]) lines.push(`${label}: ${v}`);
  };
  detail('Reason', 'reason');
  detail('Service', 'service');
  detail('Urgency', 'urgency');
  if (lead.preferredTime && !mapping.preferredTime) {
    lines.push(
      `Preferred time: ${lead.preferredTimeDateOnly ? lead.preferredTime.slice(0, 10) + ' (any time that day)' : lead.preferredTime}`,
    );
  }
  for (const [k, v] of Object.entries(lead.customFields)) {
    if (v && !mapping[k] && !COMPANY_KEYS.includes(k)) lines.push(`${k}: ${v}`);
  }
  lines.push('Captured by Leadline from a phone call.');
  return fit('Description', lines.filter(Boolean).join('\n'));
}

export function leadToSObject(lead: LeadPayload, settings: ConnectionSettings): SObjectRecord {
  const mapping = effectiveFieldMapping(settings);
  const rec: SObjectRecord = { ...leadName(lead), Company: leadCompany(lead, settings), LeadSource: LEAD_SOURCE };
  for (const [ours, target] of Object.entries(mapping)) {
    const value = ours === 'summary' ? leadDescription(lead, mapping) : leadScalar(lead, ours);
    if (value != null) rec[target] = fit(target, value);
  }
  return rec;
}

/**
 * What we change on a Lead we created earlier (ledger hit): everything but LeadSource, which a sales
 * team often edits and which never changes on our side.
 */
export function leadUpdateFields(lead: LeadPayload, settings: ConnectionSettings): SObjectRecord {
  const { LeadSource: _unused, ...rest } = leadToSObject(lead, settings);
  return rest;
}

// ---- call → Task ------------------------------------------------------------------------------

/** YYYY-MM-DD of an instant in the business's time zone (ActivityDate is a date, not a datetime). */
export function localDate(iso: string, timeZone: string): string {
  const at = new Date(iso);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

export function transcriptText(call: CallPayload): string {
  return call.transcript.map((t) => `${t.speaker === 'agent' ? 'Agent' : 'Caller'}: ${t.text.trim()}`).join('\n');
}

export function callSubject(call: CallPayload, lead: LeadPayload): string {
  const topic = lead.service ?? lead.reason;
  const kind = call.direction === 'inbound' ? 'Inbound call' : 'Outbound call';
  return truncate(topic ? `${kind} — ${topic}` : kind, 255);
}

export function callToTask(
  call: CallPayload,
  lead: LeadPayload,
  business: BusinessPayload,
  whoId: string,
): SObjectRecord {
  const parts = [...(call.campaign ? [campaignLine(call.campaign)] : []), lead.summary.trim()];
  if (call.recordingUrl) parts.push(`Recording: ${call.recordingUrl}`);
  const transcript = transcriptText(call);
  if (transcript) parts.push(`Transcript (personal data redacted):\n${transcript}`);
  return {
    WhoId: whoId,
    Subject: callSubject(call, lead),
    TaskSubtype: 'Call',
    Type: 'Call',
    CallType: call.direction === 'inbound' ? 'Inbound' : 'Outbound',
    CallDurationInSeconds: Math.max(0, Math.round(call.durationSeconds)),
    CallDisposition: call.status,
    Status: 'Completed',
    Priority: lead.urgency === 'emergency' || lead.urgency === 'high' ? 'High' : 'Normal',
    ActivityDate: localDate(call.startedAt, business.timezone),
    Description: truncate(parts.join('\n\n'), LONG_TEXT_MAX),
  };
}

export function leadDeepLink(instanceUrl: string, leadId: string): string {
  return `${instanceUrl.replace(/\/+$/, '')}/lightning/r/Lead/${encodeURIComponent(leadId)}/view`;
}
