// What every function's config loader shares: its JSON schema compiled once, on first use, and the
// schema's first violation named by its field.
import type { ErrorObject, ValidateFunction } from 'ajv';

export interface SchemaValidators {
  /** the options alone (a ConfigMap's converted data) */
  spec: ValidateFunction;
  /** the whole typed config object */
  typed: ValidateFunction;
}

/** A getter of the schema's validators, compiled on first use: loading and compiling ajv is most of a small run's start-up otherwise. */
export function lazyValidators(schema: { definitions: { spec: object } }): () => SchemaValidators {
  let validators: SchemaValidators | undefined;
  return () => {
    if (!validators) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Ajv = (require('ajv') as typeof import('ajv')).default;
      const ajv = new Ajv({ allErrors: true, strict: true });
      validators = { spec: ajv.compile(schema.definitions.spec), typed: ajv.compile({ ...schema, $id: undefined }) };
    }
    return validators;
  };
}

export interface Violation {
  /** dotted path under `root`, `[n]` for list entries */
  field: string;
  /** the JSON pointer's segments (the unknown key appended for additionalProperties) */
  segments: string[];
  message: string;
}

/** The first schema violation, or undefined when ajv gave none. */
export function firstViolation(errors: readonly ErrorObject[] | null | undefined, root: string): Violation | undefined {
  const err = errors?.[0];
  if (!err) return undefined;
  const segments = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const join = (base: string, s: string): string => (/^\d+$/.test(s) ? `${base}[${s}]` : base ? `${base}.${s}` : s);
  let field = segments.reduce(join, root);
  let message: string;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String((err.params as { additionalProperty: string }).additionalProperty);
      field = join(field, extra);
      segments.push(extra);
      message = `unknown field "${extra}"`;
      break;
    }
    case 'enum':
      message = `must be one of ${((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      message = `must be ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
      break;
    default:
      message = err.message ?? 'is invalid';
  }
  return { field, segments, message };
}
