/** Words and colours the campaign pages show for the API's codes (pure). */
import type { Campaign, Goal, Transition } from './campaign.types.ts';

export const OUTCOME_LABELS: Record<string, string> = {
  connected: 'Connected',
  interested: 'Interested',
  booked: 'Booked',
  not_interested: 'Not interested',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  busy: 'Busy',
  failed: 'Failed',
  opted_out: 'Opted out',
  invalid_number: 'Invalid number',
  blocked: 'Blocked (do not call, window or balance)',
};
export const outcomeLabel = (o: string | null | undefined) => (o ? (OUTCOME_LABELS[o] ?? o) : 'In progress');

export const STATUS_LABELS: Record<Campaign['status'], string> = {
  draft: 'Draft',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  completed: 'Completed',
};
export const statusVariant = (s: Campaign['status']) =>
  s === 'running' ? 'success' : s === 'paused' ? 'warning' : s === 'draft' ? 'brand' : 'neutral';

export const GOALS: [Goal, string][] = [
  ['qualify', 'Qualify leads'],
  ['book', 'Book appointments'],
  ['remind', 'Remind of an appointment'],
];

/** ISO weekday numbers, as the API takes them. */
export const DAYS: [number, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];

/** The hours a call may start or end, recipient-local: the law's 08:00–21:00, nothing outside it. */
export const HOURS = Array.from({ length: 14 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00`);

/** The actions a campaign in this status offers, in the order shown. */
export function actionsFor(s: Campaign['status']): Transition[] {
  if (s === 'draft') return ['start', 'cancel'];
  if (s === 'running') return ['pause', 'cancel'];
  if (s === 'paused') return ['resume', 'cancel'];
  return [];
}
export const ACTION_LABELS: Record<Transition, string> = {
  start: 'Start calling',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel campaign',
};
export const ACTION_DONE: Record<Transition, string> = {
  start: 'Campaign started',
  pause: 'Campaign paused: no new calls are placed',
  resume: 'Campaign resumed',
  cancel: 'Campaign cancelled',
};

/** Pure: "12 of 40 contacts done" and the fraction for a progress bar. */
export function progressSummary(p: Campaign['progress']) {
  if (!p?.targets) return { done: 0, total: 0, percent: 0, remaining: 0 };
  return {
    done: p.done,
    total: p.targets,
    percent: Math.round((p.done / p.targets) * 100),
    remaining: p.pending + p.dialling,
  };
}

/** Pure: the outcomes with a count, largest first, labelled. */
export const outcomeCounts = (o: Record<string, number> | undefined) =>
  Object.entries(o ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => ({ key: k, label: outcomeLabel(k), n }));
