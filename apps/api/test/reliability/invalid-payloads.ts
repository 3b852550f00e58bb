/**
 * Invalid inputs generated from a route's zod schemas (packages/contracts): for each field,
 * missing, wrong types, over-long and unicode values, plus whole-body shapes and
 * prototype-pollution keys. Every candidate is checked against the schema itself and kept only if
 * the schema rejects it, so the suite cannot drift into sending valid requests.
 */
import { z } from 'zod';

type Schema = z.ZodType;

/** Strips optional/nullable/default/preprocess wrappers: the leaf schema and what it allows. */
export function leaf(schema: Schema): { base: Schema; optional: boolean; nullable: boolean } {
  let s: Schema = schema;
  let optional = false;
  let nullable = false;
  for (let i = 0; i < 10; i++) {
    if (s instanceof z.ZodOptional) {
      optional = true;
      s = s.unwrap() as Schema;
    } else if (s instanceof z.ZodNullable) {
      nullable = true;
      s = s.unwrap() as Schema;
    } else if (s instanceof z.ZodDefault) {
      optional = true;
      s = s.unwrap() as Schema;
    } else if (s instanceof z.ZodPipe) {
      // z.preprocess(fn, schema) is a pipe from a transform into the schema.
      s = (s.out instanceof z.ZodTransform ? s.in : s.out) as Schema;
    } else break;
  }
  return { base: s, optional, nullable };
}

/** The object schema behind a route's body/query/params (through refine/preprocess). */
export function objectShape(schema: Schema): Record<string, Schema> {
  const { base } = leaf(schema);
  if (!(base instanceof z.ZodObject)) throw new Error('not an object schema');
  return base.shape as Record<string, Schema>;
}

const UNICODE = [
  'ålice', // Latin letter outside ASCII
  '名字', // CJK
  '🔑🔑🔑', // astral plane
  'a\u202ebc', // right-to-left override
  'a\u200bb', // zero-width space
  'a\u0000b', // NUL
  '１２３４５６', // full-width digits
  'LTAI\u0391\u0392', // Greek capitals that look like Latin
];

/** Wrong-typed JSON values for a leaf. */
function wrongTypes(base: Schema): unknown[] {
  if (base instanceof z.ZodString) return [42, true, [], {}, ['a'], { $gt: '' }];
  if (base instanceof z.ZodNumber) return ['abc', '', true, [], {}, 1.5, -1, 1e300];
  if (base instanceof z.ZodEnum) return ['Nope', 1, true, [], {}, ''];
  if (base instanceof z.ZodBoolean) return ['yes', 1, []];
  return [42, 'x', [], {}];
}

/** String values that may break a leaf: too long, unicode, empty, injection-looking. */
function badStrings(base: Schema): string[] {
  const out = ['', ' ', "'; DROP TABLE operators;--", '../../etc/passwd', '%00', ...UNICODE];
  if (base instanceof z.ZodString) {
    const max = base.maxLength;
    if (max !== null) out.push('x'.repeat(max + 1), '🔑'.repeat(max + 1));
    out.push('x'.repeat(5_000));
  }
  if (base instanceof z.ZodNumber) out.push('0', '-1', '1e9', 'NaN', 'Infinity', '0x10');
  return out;
}

export interface BodyCase {
  label: string;
  /** Sent as is with content-type application/json. */
  raw: string;
}

/** Invalid JSON bodies for an object schema, starting from a valid example. */
export function invalidBodies(schema: Schema, valid: Record<string, unknown>): BodyCase[] {
  if (!schema.safeParse(valid).success)
    throw new Error(`example is not valid: ${JSON.stringify(valid)}`);
  const shape = objectShape(schema);
  const cases: BodyCase[] = [];
  const add = (label: string, value: unknown) => {
    if (!schema.safeParse(value).success) cases.push({ label, raw: JSON.stringify(value) });
  };
  for (const whole of [[], [valid], 'x', 42, true, null])
    add(`body ${JSON.stringify(whole)}`, whole);
  for (const [key, field] of Object.entries(shape)) {
    const { base, optional, nullable } = leaf(field);
    if (!optional) {
      const { [key]: _omitted, ...rest } = valid;
      add(`${key} missing`, rest);
    }
    if (!nullable) add(`${key} null`, { ...valid, [key]: null });
    for (const v of wrongTypes(base)) add(`${key} = ${JSON.stringify(v)}`, { ...valid, [key]: v });
    for (const v of badStrings(base)) {
      add(`${key} = ${JSON.stringify(v).slice(0, 40)} (${v.length} chars)`, { ...valid, [key]: v });
    }
  }
  // Just over the 16 KiB body limit: refused before parsing.
  const first = Object.keys(shape)[0]!;
  cases.push({
    label: `${first} of 100,000 chars (over the body limit)`,
    raw: JSON.stringify({ ...valid, [first]: 'x'.repeat(100_000) }),
  });
  return cases;
}

/**
 * Prototype-pollution bodies: otherwise-valid JSON carrying `__proto__` / `constructor.prototype`
 * keys. JSON.stringify cannot write an own `__proto__` key, so these are spelled out.
 */
export function pollutedBodies(valid: Record<string, unknown>): BodyCase[] {
  const inner = JSON.stringify(valid).slice(1, -1);
  const sep = inner ? ',' : '';
  return [
    {
      label: '__proto__ key',
      raw: `{"__proto__":{"polluted":"yes","role":"admin"}${sep}${inner}}`,
    },
    {
      label: 'constructor.prototype key',
      raw: `{"constructor":{"prototype":{"polluted":"yes"}}${sep}${inner}}`,
    },
    {
      label: 'nested __proto__',
      raw: `{${inner}${sep}"x":{"__proto__":{"polluted":"yes"}}}`,
    },
  ];
}

export interface QueryCase {
  label: string;
  query: string;
}

/** Invalid query strings for an object schema (every value arrives as a string or array). */
export function invalidQueries(schema: Schema, valid: Record<string, string>): QueryCase[] {
  if (!schema.safeParse(valid).success) throw new Error('example is not valid');
  const shape = objectShape(schema);
  const cases: QueryCase[] = [];
  const add = (label: string, value: Record<string, string | string[]>) => {
    if (schema.safeParse(value).success) return;
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(value)) {
      for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
    }
    cases.push({ label, query: q.toString() });
  };
  for (const [key, field] of Object.entries(shape)) {
    const { base } = leaf(field);
    for (const v of badStrings(base)) {
      add(`${key} = ${JSON.stringify(v).slice(0, 40)} (${v.length} chars)`, { ...valid, [key]: v });
    }
    if (base instanceof z.ZodEnum || base instanceof z.ZodNumber)
      add(`${key} = bogus`, { ...valid, [key]: 'bogus' });
    add(`${key} twice`, { ...valid, [key]: ['1', '2'] });
  }
  return cases;
}

/** Invalid values for each path parameter (URL-encoded by the caller). */
export function invalidParams(
  schema: Schema,
  valid: Record<string, string>,
): Array<{ label: string; params: Record<string, string> }> {
  if (!schema.safeParse(valid).success) throw new Error('example is not valid');
  const out: Array<{ label: string; params: Record<string, string> }> = [];
  for (const [key, field] of Object.entries(objectShape(schema))) {
    const { base } = leaf(field);
    for (const v of [...badStrings(base), 'a b', 'a/b', 'x'.repeat(300)]) {
      if (v === '') continue; // an empty segment is another URL, not a bad value
      const params = { ...valid, [key]: v };
      if (!schema.safeParse(params).success) {
        out.push({
          label: `${key} = ${JSON.stringify(v).slice(0, 40)} (${v.length} chars)`,
          params,
        });
      }
    }
  }
  return out;
}

/** Values tried, in order, for a string field when making a valid example (by field name first). */
const BY_NAME: Record<string, unknown[]> = {
  userName: ['alice'],
  ramUserName: ['alice'],
  username: ['mia'],
  accessKeyId: ['LTAI0000000000000000TEST'],
  password: ['long-enough-password-1'],
  phone: ['+8613800000099'],
  code: ['123456'],
  id: ['no-such-verification'],
  allowedIps: [['203.0.113.0/24']],
  maxIdleDaysForAccessKeys: [90],
};
const ANY_STRING = [
  'alice',
  'abc',
  'LTAI0000000000000000TEST',
  '123456',
  '+8613800000099',
  '2026-01-01T00:00:00Z',
  'long-enough-password-1',
  'a@b.c',
  '00000000-0000-4000-8000-000000000000',
  'x',
];

/** A valid value for one field, or undefined when none of the candidates fits. */
function validValue(key: string, field: Schema, asString: boolean): unknown {
  const { base } = leaf(field);
  // A field's own examples first: a refined number (one of a few choices) has no generic one.
  const candidates: unknown[] = [...(BY_NAME[key] ?? [])];
  if (base instanceof z.ZodEnum) candidates.push(...(base.options as unknown[]));
  else if (base instanceof z.ZodNumber) {
    const n = Math.max(base.minValue ?? 1, 1);
    candidates.push(asString ? String(n) : n);
  } else if (base instanceof z.ZodBoolean) candidates.push(asString ? 'true' : true);
  else candidates.push(...ANY_STRING);
  return candidates.find((c) => field.safeParse(c).success);
}

/**
 * A valid example for an object schema, made from the schema alone: the required fields first,
 * then every field (for object-level rules such as "at least one field"). `asString`: query and
 * params, where every value arrives as a string.
 */
export function validExample(schema: Schema, asString: boolean): Record<string, unknown> {
  const shape = objectShape(schema);
  const required: Record<string, unknown> = {};
  const all: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const value = validValue(key, field, asString);
    if (value === undefined) continue;
    all[key] = value;
    if (!leaf(field).optional) required[key] = value;
  }
  for (const candidate of [required, all])
    if (schema.safeParse(candidate).success) return candidate;
  throw new Error(`cannot make a valid example for ${Object.keys(shape).join(', ')}`);
}
