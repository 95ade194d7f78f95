import { bearerToken, matchesAnyKey, secretEquals } from './secret-compare';

describe('secret comparison', () => {
  it.each([
    ['same', 'key-0123456789abcdef', 'key-0123456789abcdef', true],
    ['different', 'key-0123456789abcdef', 'key-0123456789abcdeg', false],
    ['prefix', 'key-0123', 'key-0123456789abcdef', false],
    ['empty', '', 'x', false],
  ])('%s', (_, a, b, expected) => expect(secretEquals(a, b)).toBe(expected));

  it('matches any of several keys, and nothing without a key', () => {
    expect(matchesAnyKey('b-key', ['a-key', 'b-key'])).toBe(true);
    expect(matchesAnyKey('c-key', ['a-key', 'b-key'])).toBe(false);
    expect(matchesAnyKey(undefined, ['a-key'])).toBe(false);
  });

  it('reads bearer tokens', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
