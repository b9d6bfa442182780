/**
 * esbuild minifies code but keeps template literals verbatim, so the indentation of Lit's html`` and
 * css`` templates would ship to every visitor (~1 KB gzipped here). This collapses whitespace inside those
 * two tags only: a small scanner, not a parser, good for the widget's own sources (it skips strings,
 * template expressions and nested templates; it does not understand regex literals containing backticks).
 */

/** CSS text: comments gone, whitespace collapsed, no spaces around punctuation that does not need them. */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/**
 * HTML text of one template chunk: runs of whitespace become one space, and none is kept between a tag
 * and another tag or a `${}` (our templates never rely on a space there; text next to text keeps it).
 * Tags lose what HTML ignores: the space and `/` before a tag's `>` (after a quoted value, or after a
 * `${}` value) and the quotes around plain values (letters, digits, `-`, `_`). Our templates keep text
 * out of those shapes (no `${x} > y`, no `a="b"` in text): the widget's every byte counts (#5).
 */
export function minifyHtml(text: string, first: boolean, last: boolean): string {
  let out = text
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .replace(/(^|") ?\/?>/g, '$1>')
    .replace(/="([\w-]+)"/g, '=$1');
  if (first || out.startsWith(' <')) out = out.replace(/^ /, '');
  if (last || out.endsWith('> ')) out = out.replace(/ $/, '');
  return out;
}

/** Rewrites every html`…` and css`…` in a source file; everything else is copied unchanged. */
export function minifyTemplates(src: string): string {
  let i = 0;
  let out = '';

  // Copies a quoted string starting at i (quote char included).
  const copyString = () => {
    const q = src[i]!;
    let j = i + 1;
    while (j < src.length && src[j] !== q) j += src[j] === '\\' ? 2 : 1;
    out += src.slice(i, j + 1);
    i = j + 1;
  };

  // i is just after an opening backtick; kind decides how literal text is rewritten.
  const template = (kind: 'html' | 'css' | null) => {
    let chunk = '';
    let first = true;
    const flush = (last: boolean) => {
      out += kind === 'css' ? minifyCss(chunk) : kind === 'html' ? minifyHtml(chunk, first, last) : chunk;
      chunk = '';
      first = false;
    };
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        chunk += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        flush(true);
        out += '`';
        i++;
        return;
      } else if (c === '$' && src[i + 1] === '{') {
        flush(false);
        out += '${';
        i += 2;
        code(true);
      } else {
        chunk += c;
        i++;
      }
    }
  };

  // Copies code until the closing brace of a template expression (inExpr) or end of file.
  const code = (inExpr: boolean) => {
    let depth = 0;
    while (i < src.length) {
      const c = src[i]!;
      if (c === "'" || c === '"') copyString();
      else if (c === '/' && src[i + 1] === '/') {
        const end = src.indexOf('\n', i);
        const stop = end === -1 ? src.length : end;
        out += src.slice(i, stop);
        i = stop;
      } else if (c === '/' && src[i + 1] === '*') {
        const end = src.indexOf('*/', i + 2);
        const stop = end === -1 ? src.length : end + 2;
        out += src.slice(i, stop);
        i = stop;
      } else if (c === '`') {
        const tag = /\b(html|css)\s*$/.exec(src.slice(Math.max(0, i - 8), i));
        out += '`';
        i++;
        template(tag ? (tag[1] as 'html' | 'css') : null);
      } else if (c === '{') {
        depth++;
        out += c;
        i++;
      } else if (c === '}') {
        if (inExpr && depth === 0) {
          out += '}';
          i++;
          return;
        }
        depth--;
        out += c;
        i++;
      } else {
        out += c;
        i++;
      }
    }
  };

  code(false);
  return out;
}
