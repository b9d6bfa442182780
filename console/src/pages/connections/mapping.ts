/** Pure helpers of the field mapping editor. */
import type { paths } from '../../../../client/index.ts';

type FieldsOperation = paths['/api/v1/businesses/{id}/connections/{provider}/fields']['get'];
/** GET …/connections/:provider/fields, as the typed client generates it from the OpenAPI document. */
export type FieldsView = FieldsOperation['responses'][200]['content']['application/json'];

/** The override to save from the rows' choices: "" is the row's default, which is left out. */
export function mappingOf(chosen: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries(chosen.filter(([key, value]) => key && value));
}

/** The server's objections (problem+json `errors`) by our field's key: `fieldMapping.<key>`, with or without `body.`. */
export function fieldErrors(problem: { errors?: { path: string; message: string }[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    const m = /^(?:body\.)?fieldMapping\.(.+)$/.exec(e.path);
    if (m?.[1]) out[m[1]] = e.message;
  }
  return out;
}

/** The "Default" choice of a row, saying where the default sends the field. */
export function optionLabel(v: Pick<FieldsView, 'crmFields' | 'unmapped'>, target: string | null): string {
  if (!target) return `Default: ${v.unmapped ?? 'not sent'}`;
  const label = v.crmFields.find((f) => f.name === target)?.label;
  return `Default: ${label && label !== target ? `${label} (${target})` : target}`;
}
