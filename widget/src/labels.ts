import type { paths } from '../../client/generated/leadline-api.ts';

/**
 * Every visible or announced string of the widget, typed from the API's own description of
 * `GET /widget/v1/config` (`npm run api:client`). The config carries them all, already resolved on the
 * server (server/widget-api/labels.ts: English defaults under the business's overrides), so the bundle
 * ships only the two shown before the config arrives.
 */
export type Labels = paths['/widget/v1/config']['get']['responses'][200]['content']['application/json']['labels'];

/**
 * Shown before (or instead of) the config. The launcher and close button need no default: a floating
 * widget renders nothing until its config has loaded.
 */
export const BOOT_LABELS = {
  loading: 'Loading…',
  loadError: 'Unavailable right now.',
} as const satisfies Partial<Labels>;

/** Fills `{placeholder}`s; unknown placeholders stay visible so a typo in an override is noticed. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
