/**
 * Inputs built from the app's own OpenAPI document, for tests that walk every declared operation: a
 * plausible valid value for each schema (so a mutated field is the only thing wrong with a request), the
 * paths of its string and integer leaves, and a copy with one leaf replaced.
 */
import { randomUUID } from 'node:crypto';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
};

export type Operation = {
  method: string;
  path: string;
  security?: unknown;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
};

/** Every operation of an OpenAPI document, with its method and path. */
export function operationsOf(doc: { paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>> }) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path }) as Operation),
  );
}

/** A value that satisfies the usual patterns of this API; `hint` answers first, by field name. */
export function example(s: JsonSchema, name = '', hint: (name: string) => unknown = () => undefined): unknown {
  const given = hint(name);
  if (given !== undefined) return given;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(alt.find((a) => a.type !== 'null') ?? alt[0]!, name, hint);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) out[k] = example(p, k, hint);
      if (typeof s.additionalProperties === 'object' && !s.properties)
        out[s.propertyNames ? 'field_a' : 'en'] = example(s.additionalProperties, name, hint);
      return out;
    }
    case 'array':
      if (s.prefixItems) return s.prefixItems.map((p, i) => example(p, i === 0 ? 'opens' : 'closes', hint));
      return s.items ? [example(s.items, name, hint)] : [];
    case 'integer':
    case 'number':
      return s.default ?? s.minimum ?? 1;
    case 'boolean':
      return s.default ?? true;
    case 'string':
      return stringExample(s, name);
    default:
      return s.default ?? null;
  }
}

function stringExample(s: JsonSchema, name: string): string {
  if (s.format === 'email') return `walk-${randomUUID().slice(0, 8)}@example.com`;
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'uri') return 'https://shop.example/done';
  if (s.format === 'date-time') return new Date().toISOString();
  const p = s.pattern ?? '';
  if (p.includes('\\+[1-9]')) return `+1512555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  if (p.includes('\\d{6}')) return '123456';
  if (p.includes('\\d{1,')) return '1';
  if (p.includes('[0-5]\\d')) return name === 'closes' ? '17:00' : '09:00';
  if (p.includes('[A-Z]{2}')) return 'US';
  if (p.startsWith('^#')) return '#336699';
  if (p.includes('[a-z][a-z0-9_]')) return 'field_a';
  if (s.format === 'date' || p.includes('\\d{4}-')) return '2026-01-01';
  const text = 'Walk text';
  return text.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? text.length);
}

export type Leaf = { path: (string | number)[]; kind: 'string' | 'number' | 'key' };

/** Where a value holds strings, numbers and object keys (a record's keys are input too). */
export function leavesOf(v: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof v === 'string') return [{ path, kind: 'string' }];
  if (typeof v === 'number') return [{ path, kind: 'number' }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leavesOf(x, [...path, i]));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      { path: [...path, k], kind: 'key' as const },
      ...leavesOf(x, [...path, k]),
    ]);
  return [];
}

/** A deep copy of `v` with the leaf at `leaf.path` replaced (for 'key', the key renamed) by `f(old)`. */
export function mutate(v: unknown, leaf: Leaf, f: (old: unknown) => unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  const parent = leaf.path.slice(0, -1).reduce<Record<string | number, unknown>>((o, k) => o[k] as never, copy);
  const last = leaf.path[leaf.path.length - 1]!;
  if (leaf.kind === 'key') {
    const value = parent[last];
    delete parent[last];
    parent[f(String(last)) as string] = value;
  } else parent[last] = f(parent[last]);
  return copy;
}
