import { almostTrue, shownValue } from './label-values';

describe('label values that look like yes', () => {
  it('are the spellings of yes other than the string "true", and unquoted true or 1', () => {
    for (const v of ['True', 'TRUE', ' true ', 'yes', 'Y', 'on', '1', 't', 'enable', 'Enabled', true, 1]) expect([v, almostTrue(v)]).toEqual([v, true]);
    for (const v of ['true', 'false', 'no', '0', '', 'truthy', false, 0, 2, null, undefined, {}]) expect([v, almostTrue(v)]).toEqual([v, false]);
  });

  it('are shown quoted, or with why a value that is not a string matters', () => {
    expect(shownValue('yes')).toBe('"yes"');
    expect(shownValue(true)).toBe('the boolean true (unquoted in YAML; the API server refuses a label value that is not a string)');
    expect(shownValue(1)).toBe('the number 1 (unquoted in YAML; the API server refuses a label value that is not a string)');
  });
});
