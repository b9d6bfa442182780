import type { CronItem } from 'graphile-worker';
import type { JobName } from './catalogue.ts';

/**
 * graphile-worker's cron: recurring jobs, named from the catalogue. Its known_crontabs table makes each
 * tick one job however many workers run; `maxAttempts: 1` and the job key keep a slow run from piling up
 * behind itself, and a tick missed while every worker was down is not back-filled. (Items, not a crontab
 * string: the crontab syntax refuses task names with a dot.)
 */
export const cronItems: (CronItem & { task: JobName })[] = [
  // The retention sweep, hourly: closures, expiries and retention all land within the hour they fall due.
  {
    task: 'retention.sweep',
    match: '17 * * * *',
    identifier: 'retention_sweep',
    options: { backfillPeriod: 0, maxAttempts: 1, jobKey: 'retention.sweep', jobKeyMode: 'preserve_run_at' },
  },
  // Minutes held by calls whose final Twilio status never came are settled from what Twilio says now.
  {
    task: 'calls.settle_reservations',
    match: '*/10 * * * *',
    identifier: 'calls_settle_reservations',
    options: { backfillPeriod: 0, maxAttempts: 1, jobKey: 'calls.settle_reservations', jobKeyMode: 'preserve_run_at' },
  },
  // Campaign dials a killed worker left between recording and Twilio's answer, looked up at Twilio.
  {
    task: 'campaigns.reconcile',
    match: '* * * * *',
    identifier: 'campaigns_reconcile',
    options: { backfillPeriod: 0, maxAttempts: 1, jobKey: 'campaigns.reconcile', jobKeyMode: 'preserve_run_at' },
  },
];
