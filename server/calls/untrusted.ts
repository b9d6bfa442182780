/**
 * Text from visitors and callers on its way into the assistant's instructions or a tool's effect. Such text
 * is data, never instructions: it is cleaned (no control, format or private-use characters, which can hide
 * text from a reviewer or fake a line break; one line; bounded), then quoted inside a labelled block whose
 * end it cannot forge. Pure.
 */

/** Control (Cc), format (Cf: zero-width, bidi overrides), private-use, unassigned, and line/paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/gu;

/** Cleaned, single-line and at most `maxChars` code points (never a split surrogate pair). */
export function cleanUntrusted(text: string, maxChars: number): string {
  const flat = text.normalize('NFKC').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > maxChars ? chars.slice(0, maxChars).join('').trimEnd() : flat;
}

/** The block's delimiters; angle brackets in the text are replaced, so the text cannot close the block itself. */
const tag = (label: string) => [`<untrusted ${label}>`, `</untrusted ${label}>`] as const;

/**
 * A labelled block of untrusted fields, each value a JSON string literal (quotes and backslashes escaped),
 * so nothing inside can pass for the instructions around it.
 */
export function untrustedBlock(label: string, fields: Record<string, string>, maxChars: number): string {
  const [open, close] = tag(label);
  const lines = Object.entries(fields).map(
    ([k, v]) => `${k}: ${JSON.stringify(cleanUntrusted(v, maxChars).replace(/</g, '‹').replace(/>/g, '›'))}`,
  );
  return `${open}\n${lines.join('\n')}\n${close}`;
}
