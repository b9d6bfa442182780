/**
 * graphile-worker's crontab: recurring jobs, named from the catalogue. One row per job in the database
 * (`known_crontabs`), so however many workers run, each tick queues one job; `max=1` and the job key keep a
 * slow sweep from piling up behind itself, and a missed tick (every worker down) is not back-filled.
 */
export const crontab = [
  // The retention sweep, hourly: closures, expiries and retention all land within the hour they fall due.
  '17 * * * * retention.sweep ?max=1&jobKey=retention.sweep&jobKeyMode=preserve_run_at',
].join('\n');
