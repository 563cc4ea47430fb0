import YAML from 'yaml';
import { ConfigError } from '../errors';
import { loadConfig } from './options';

const parse = (text: string) => YAML.parse(text, { version: '1.1' });

function configError(config: unknown): ConfigError {
  try {
    loadConfig(config as never);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('loadConfig: keys that are Object.prototype names are unknown fields, in both forms', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty'])('%s', (key) => {
    const cm = parse(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  injectionMode: legacy\n  ${key}: x\n`);
    expect(Object.keys(cm.data)).toContain(key);
    const e = configError(cm);
    expect(e.field).toBe(`data.${key}`);
    expect(e.message).toBe(`invalid function config field data.${key}: unknown field "${key}", got "x"`);

    const typed = parse(`apiVersion: fn.fluid.io/v1alpha1\nkind: InjectFluidSidecar\nmetadata: {name: cfg}\nspec:\n  ${key}: x\n`);
    expect(configError(typed).field).toBe(`spec.${key}`);
  });

  it('other ConfigMap keys still work', () => {
    const cm = parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata:\n  injectionMode: native-sidecar\n  disabled: "false"\n');
    expect(loadConfig(cm).options).toMatchObject({ injectionMode: 'native-sidecar', disabled: false });
    expect(Object.getPrototypeOf(loadConfig(cm).options)).toBe(Object.prototype);
  });
});
