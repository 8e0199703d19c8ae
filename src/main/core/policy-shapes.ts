/**
 * How each policy key's value looks outside JSON (Group Policy, the registry,
 * macOS preferences), read from its JSON schema so templates and readers cannot
 * disagree with the schema in src/shared/policy.ts.
 */
import { z } from 'zod';
import { defaultPolicy, policySchemas, type PolicyKey } from '../../shared/policy';

export type JsonSchema = Record<string, unknown>;

export type Shape =
  | { kind: 'boolean' }
  | { kind: 'enum'; options: string[] }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'text'; maxLength: number }
  | { kind: 'list' }
  /** An object value, entered (Group Policy, registry, macOS) as its JSON text. */
  | { kind: 'json'; maxLength: number };

// Room for a JSON value with a long bypass list in a Group Policy text box.
const maxJsonTextLength = 16_384;

/** The JSON schema of one key's value, without the `$schema` header. */
export function keyJsonSchema(key: PolicyKey): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(policySchemas[key]) as JsonSchema;
  return Object.hasOwn(defaultPolicy, key) ? { ...schema, default: defaultPolicy[key as keyof typeof defaultPolicy] } : schema;
}

export function shapeOf(key: PolicyKey): Shape {
  const schema = keyJsonSchema(key);
  if (schema.type === 'boolean') return { kind: 'boolean' };
  if (schema.type === 'string' && Array.isArray(schema.enum)) return { kind: 'enum', options: schema.enum.map(String) };
  if (schema.type === 'integer') return { kind: 'integer', min: Number(schema.minimum), max: Number(schema.maximum) };
  if (schema.type === 'string') return { kind: 'text', maxLength: Number(schema.maxLength) };
  if (schema.type === 'array') return { kind: 'list' };
  if (schema.type === 'object' || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return { kind: 'json', maxLength: maxJsonTextLength };
  throw new Error(`Policy key ${key} has a shape the OS policy formats cannot express`);
}
