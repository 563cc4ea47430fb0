import type { JsonObject } from '../types';
import { lazyValidators } from './config-schema';
import { ConfigShape, readFunctionConfig } from './function-config';

const schema = {
  definitions: {
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: { on: { type: 'boolean' }, names: { type: 'array', items: { type: 'string' }, maxItems: 2 }, extra: { type: 'array' }, mode: { enum: ['a', 'b'] } },
    },
  },
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { $ref: '#/definitions/spec' } },
};
const SHAPE: ConfigShape = {
  kind: 'Example',
  validators: lazyValidators(schema),
  booleans: new Set(['on']),
  lists: new Set(['names']),
  structured: new Set(['extra']),
  precheck: (spec, root) => (spec.mode === 'old' ? [`${root}.mode`, 'is no longer supported'] : undefined),
};

class Failed extends Error {
  constructor(
    readonly failure: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
const read = (config: JsonObject) =>
  readFunctionConfig(config, SHAPE, (failure, message, field) => {
    throw new Failed(failure, message, field);
  });
const failure = (config: JsonObject): string => {
  try {
    read(config);
  } catch (e) {
    if (e instanceof Failed) return `${e.failure} ${e.field}: ${e.message}`;
    throw e;
  }
  return 'no failure';
};
const cm = (data: unknown): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data } as JsonObject);

describe('a function config', () => {
  it('as a ConfigMap: strings converted by key (Go booleans, comma lists, YAML), validated', () => {
    expect(read(cm({ on: 'True', names: ' x, ,y ', extra: '[1, {a: b}]', mode: 'a' }))).toEqual({ spec: { on: true, names: ['x', 'y'], extra: [1, { a: 'b' }], mode: 'a' }, root: 'data' });
    // kpt's empty function-input ConfigMap: nothing to validate
    expect(read(cm(undefined))).toEqual({ spec: {}, root: 'data' });
  });

  it('as the typed kind: spec, validated as a whole', () => {
    expect(read({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'Example', metadata: { name: 'c' }, spec: { on: false } })).toEqual({ spec: { on: false }, root: 'spec' });
    expect(failure({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'Example', metadata: {}, spec: { mode: 'c' } })).toBe('invalid spec.mode: invalid function config field spec.mode: must be one of "a", "b"');
  });

  it('every failure names its field, in the same words for every function', () => {
    expect(failure(cm([]))).toBe('invalid data: ConfigMap data must be a map of strings');
    expect(failure(cm({ on: true }))).toBe('invalid data.on: invalid function config field data.on: must be a string, got a boolean (true)');
    expect(failure(cm({ on: 'maybe' }))).toBe('invalid data.on: invalid function config field data.on: must be a boolean ("true" or "false"), got "maybe"');
    expect(failure(cm({ extra: '[' }))).toMatch(/^invalid data\.extra: invalid function config field data\.extra: must be a YAML or JSON list: /);
    // the converted value is shown: the comma list was read as three names
    expect(failure(cm({ names: 'a,b,c' }))).toBe('invalid data.names: invalid function config field data.names: must NOT have more than 2 items, got ["a","b","c"]');
    expect(failure(cm({ colour: 'red' }))).toBe('invalid data.colour: invalid function config field data.colour: unknown field "colour", got "red"');
    expect(failure(cm({ mode: 'old' }))).toBe('invalid data.mode: invalid function config field data.mode: is no longer supported');
    expect(failure({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'Other', metadata: {} })).toBe('kind kind: unsupported function config fn.fluid.io/v1alpha1 Other: use fn.fluid.io/v1alpha1 Example or a v1 ConfigMap');
  });

  it('a __proto__ key of a ConfigMap is a field (unknown here), never the prototype', () => {
    const data = JSON.parse('{"__proto__": "x"}') as JsonObject;
    expect(failure(cm(data))).toBe('invalid data.__proto__: invalid function config field data.__proto__: unknown field "__proto__", got "x"');
  });
});
