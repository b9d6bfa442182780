import { z } from 'zod';
import { Problem } from './problem.ts';

/**
 * What text may hold before it reaches PostgreSQL. PostgreSQL refuses NUL in `text` and `\u0000` in
 * `jsonb` (a 500 after earlier writes of the same request), and the driver silently turns a lone UTF-16
 * surrogate into U+FFFD: neither can be stored as sent, so neither is accepted. Other C0 controls (and
 * DEL) have no business in names, labels or messages and break logs, CSV exports and CRM fields; tab and
 * line breaks are allowed only where the text may span lines.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_LINE = /[\u0000-\u001F\u007F]/;
// Without the `u` flag a regex sees UTF-16 code units, so an unpaired half of a pair is visible.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored, or null when it can. */
export function textProblem(s: string, opts: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (no lone surrogates)';
  if ((opts.multiline ? CONTROL_MULTILINE : CONTROL_LINE).test(s))
    return opts.multiline
      ? 'must not contain control characters (only tab and line breaks are allowed)'
      : 'must not contain control characters or line breaks';
  return null;
}

/** Single-line text: names, labels, identifiers. Use instead of `z.string()` in request schemas. */
export const line = () =>
  z.string().check((ctx) => {
    const problem = textProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/** Text that may span lines (messages, instructions, knowledge base): tab and line breaks allowed. */
export const multiline = () =>
  z.string().check((ctx) => {
    const problem = textProblem(ctx.value, { multiline: true });
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  });

/**
 * The first string (value or object key) anywhere in parsed input that no field could store, with its
 * path. The route builder runs it on every body, query and path before the schema, so a field declared
 * with plain `z.string()` is covered too: the whole class of "NUL reaches PostgreSQL" is closed in one
 * place, and `line()` only narrows further (no line breaks).
 */
export function unsafeText(
  value: unknown,
  path: (string | number)[] = [],
  depth = 0,
): { path: string; message: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value, { multiline: true });
    return problem ? { path: path.join('.') || '(root)', message: problem } : null;
  }
  // Deeper than any schema we declare: refuse rather than walk an attacker's nesting.
  if (depth > 32) return { path: path.join('.') || '(root)', message: 'is nested too deeply' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = unsafeText(value[i], [...path, i], depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = textProblem(k, { multiline: true });
      if (keyProblem) return { path: [...path, '(key)'].join('.'), message: keyProblem };
      const bad = unsafeText(v, [...path, k], depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

/** A string no field could store: refused like any invalid field (422, the field's path named). */
export const textInputProblem = (bad: { path: string; message: string }) =>
  new Problem(422, 'validation', 'Invalid request', `${bad.path}: ${bad.message}`, { errors: [bad] });
