import { compareHelpers } from './compare.helpers';
import { translate } from './translate.helper';

const options = { hash: {} };
const call = (name: string, ...args: unknown[]): unknown => compareHelpers[name](...args, options);

describe('compareHelpers', () => {
  it.each([
    ['eq', 3, 3, true],
    ['eq', 3, '3', true],
    ['eq', 'a', 'a', true],
    ['eq', 'a', 'b', false],
    ['ne', 1, 2, true],
    ['gt', 10, 9, true],
    ['gte', 9, 9, true],
    ['lt', 2, 9, true],
    ['lte', 10, 9, false],
    ['gte', 'x', 1, false],
    ['lte', undefined, 1, false],
  ])('%s(%j, %j) = %s', (name, a, b, expected) => {
    expect(call(name, a, b)).toBe(expected);
  });

  it('combines with and / or / not', () => {
    expect(call('and', true, 1, 'x')).toBe(true);
    expect(call('and', true, 0)).toBe(false);
    expect(call('or', 0, '', 'x')).toBe(true);
    expect(call('not', 0)).toBe(true);
  });
});

describe('translate', () => {
  const strings: Record<string, string> = { greeting: 'Hola, {name}', 'alert.reasons.silence': 'Sin actividad' };
  const lookup = (key: string): string | undefined => (Object.hasOwn(strings, key) ? strings[key] : undefined);

  it('fills placeholders and joins key parts', () => {
    expect(translate(lookup, ['greeting'], { name: 'Ana' })).toBe('Hola, Ana');
    expect(translate(lookup, ['alert.reasons', 'silence'], {})).toBe('Sin actividad');
    expect(translate(lookup, ['alert.reasons', 'other'], { fallback: 'other' })).toBe('other');
  });

  it('fails with MISSING_STRING for an unknown key and never reads the prototype', () => {
    expect(() => translate(lookup, ['nope'], {})).toThrow(/Missing string "nope"/);
    expect(() => translate(lookup, ['constructor'], {})).toThrow(/Missing string/);
  });
});
