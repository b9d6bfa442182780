/** The create form, pure: its fields as the API's body, and a problem's `errors` by the field they name. */
import type { ProblemBody } from '../../session.ts';
import type { Goal, NewCampaign, Voice } from './campaign.types.ts';

/** The form's values: FormData's strings (single fields) and the checked days. */
export interface FormInput {
  get(name: string): string;
  days: string[];
}

const int = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

export function campaignBody(f: FormInput): NewCampaign {
  const machineAction = f.get('machineAction') === 'leave_message' ? 'leave_message' : 'hang_up';
  const voicemail = f.get('voicemailMessage').trim();
  return {
    listId: f.get('listId'),
    name: f.get('name'),
    goal: f.get('goal') as Goal,
    script: f.get('script'),
    greeting: f.get('greeting'),
    disclosure: f.get('disclosure'),
    voice: f.get('voice') as Voice,
    callerId: f.get('callerId'),
    window: { start: f.get('start'), end: f.get('end'), days: f.days.map(Number) },
    maxAttempts: int(f.get('maxAttempts')),
    retrySpacingMinutes: Math.round(int(f.get('retryHours')) * 60),
    maxConcurrent: int(f.get('maxConcurrent')),
    callsPerMinute: int(f.get('callsPerMinute')),
    machineAction,
    ...(machineAction === 'leave_message' && voicemail ? { voicemailMessage: voicemail } : {}),
  };
}

/** The form field a body path belongs to (`window.start` → `window`; spacing is asked in hours). */
const FIELD_OF: Record<string, string> = { retrySpacingMinutes: 'retryHours' };

/**
 * Pure: a problem's `errors` grouped by form field. Paths may carry a `body.` prefix (the route's text
 * check names them so) and name nested parts; what names no field goes under `''`, shown above the form.
 */
export function fieldErrors(p: ProblemBody, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, m: string) => {
    out[k] = out[k] ? `${out[k]}; ${m}` : m;
  };
  for (const e of p.errors ?? []) {
    const top = e.path.replace(/^body\./, '').split('.')[0] ?? '';
    const field = FIELD_OF[top] ?? top;
    if (fields.includes(field)) add(field, e.message);
    else add('', `${e.path}: ${e.message}`);
  }
  if (!p.errors?.length) add('', p.detail ?? p.title ?? 'The campaign could not be created');
  return out;
}
