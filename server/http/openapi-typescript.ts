/**
 * The OpenAPI document as TypeScript types in the shape openapi-fetch reads (`paths`, `webhooks`,
 * `components`, as openapi-typescript writes them). openapi-typescript itself cannot be installed here (its
 * TypeScript peer conflicts with TypeScript 7), and this document only uses the JSON Schema that zod emits,
 * so a small converter covers it. Pure: document in, source text out.
 */
type Schema = Record<string, unknown> | boolean;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
const pad = (n: number) => '    '.repeat(n);

export function schemaToTs(s: Schema | undefined, depth = 0): string {
  if (s === undefined || s === true) return 'unknown';
  if (s === false) return 'never';
  if (typeof s.$ref === 'string') {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    return m ? `components["schemas"][${JSON.stringify(m[1])}]` : 'unknown';
  }
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ') || 'never';
  for (const k of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(s[k])) return union((s[k] as Schema[]).map((x) => schemaToTs(x, depth)));
  if (Array.isArray(s.allOf)) return (s.allOf as Schema[]).map((x) => `(${schemaToTs(x, depth)})`).join(' & ');
  if (Array.isArray(s.type)) return union((s.type as string[]).map((t) => schemaToTs({ ...s, type: t }, depth)));
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(s.prefixItems))
        return `[${(s.prefixItems as Schema[]).map((x) => schemaToTs(x, depth)).join(', ')}]`;
      const item = schemaToTs(s.items as Schema | undefined, depth);
      return /[ |&]/.test(item) ? `(${item})[]` : `${item}[]`;
    }
    case 'object':
      return objectToTs(s, depth);
    default:
      return s.properties ? objectToTs(s, depth) : 'unknown';
  }
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  return unique.includes('unknown') ? 'unknown' : unique.join(' | ');
}

function objectToTs(s: Record<string, unknown>, depth: number): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const lines = Object.entries(props).map(
    ([k, v]) => `${pad(depth + 1)}${key(k)}${required.has(k) ? '' : '?'}: ${schemaToTs(v, depth + 1)};`,
  );
  const extra = s.additionalProperties;
  if (extra !== undefined && extra !== false)
    lines.push(
      `${pad(depth + 1)}[key: string]: ${extra === true ? 'unknown' : schemaToTs(extra as Schema, depth + 1)};`,
    );
  else if (extra === undefined && !lines.length) return 'Record<string, unknown>';
  if (!lines.length) return 'Record<string, never>';
  return `{\n${lines.join('\n')}\n${pad(depth)}}`;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

function operationToTs(op: Operation, d: number): string {
  const groups = (['query', 'header', 'path', 'cookie'] as const).map((where) => {
    const ps = (op.parameters ?? []).filter((p) => p.in === where);
    if (!ps.length) return `${pad(d + 2)}${where}?: never;`;
    const optional = ps.every((p) => !p.required && where !== 'path');
    const body = ps
      .map(
        (p) =>
          `${pad(d + 3)}${key(p.name)}${p.required || where === 'path' ? '' : '?'}: ${schemaToTs(p.schema, d + 3)};`,
      )
      .join('\n');
    return `${pad(d + 2)}${where}${optional ? '?' : ''}: {\n${body}\n${pad(d + 2)}};`;
  });
  const content = (c: Record<string, { schema?: Schema }>, depth: number) =>
    `{\n${Object.entries(c)
      .map(([mt, m]) => `${pad(depth + 1)}${JSON.stringify(mt)}: ${schemaToTs(m.schema, depth + 1)};`)
      .join('\n')}\n${pad(depth)}}`;
  const body = op.requestBody
    ? `${pad(d + 1)}requestBody${op.requestBody.required ? '' : '?'}: {\n${pad(d + 2)}content: ${content(op.requestBody.content, d + 2)};\n${pad(d + 1)}};`
    : `${pad(d + 1)}requestBody?: never;`;
  const responses = Object.entries(op.responses)
    .map(
      ([code, r]) =>
        `${pad(d + 2)}${/^\d+$/.test(code) ? code : JSON.stringify(code)}: {\n${pad(d + 3)}headers: { [name: string]: unknown };\n${pad(d + 3)}content${r.content ? `: ${content(r.content, d + 3)}` : /^2\d\d$/.test(code) && code !== '204' ? ': { "application/json": unknown }' : '?: never'};\n${pad(d + 2)}};`,
    )
    .join('\n');
  return `{\n${pad(d + 1)}parameters: {\n${groups.join('\n')}\n${pad(d + 1)}};\n${body}\n${pad(d + 1)}responses: {\n${responses}\n${pad(d + 1)}};\n${pad(d)}}`;
}

function pathItems(items: Record<string, Record<string, Operation>>): string {
  return Object.entries(items)
    .map(([path, ops]) => {
      const methods = METHODS.map((m) =>
        ops[m] ? `${pad(2)}${m}: ${operationToTs(ops[m], 2)};` : `${pad(2)}${m}?: never;`,
      );
      return `${pad(1)}${JSON.stringify(path)}: {\n${pad(2)}parameters: { query?: never; header?: never; path?: never; cookie?: never };\n${methods.join('\n')}\n${pad(1)}};`;
    })
    .join('\n');
}

export function openApiToTypeScript(doc: {
  paths: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}): string {
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `${pad(2)}${key(name)}: ${schemaToTs(s, 2)};`)
    .join('\n');
  return `/**
 * Generated from Leadline's OpenAPI document by \`npm run api:client\` (server/http/openapi-typescript.ts).
 * Do not edit: test/platform/api-client.test.ts fails when this file is stale.
 */

export interface paths {
${pathItems(doc.paths as Record<string, Record<string, Operation>>)}
}

export interface webhooks {
${pathItems((doc.webhooks ?? {}) as Record<string, Record<string, Operation>>)}
}

export interface components {
${pad(1)}schemas: {
${schemas}
${pad(1)}};
}
`;
}
