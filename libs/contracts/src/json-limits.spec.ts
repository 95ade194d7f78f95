import fc from 'fast-check';
import { ContractErrorCode } from './contract-error';
import {
  MAX_JSON_DEPTH,
  checkJsonTextDepth,
  findUnstorable,
  isSafeJsonNumber,
  isStorableString,
  joinPath,
} from './json-limits';
import { parseJson } from './json-payload';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('isStorableString', () => {
  it.each([
    ['plain ASCII', 'hello', true],
    ['empty', '', true],
    ['accents and CJK', 'Añadir 日本語', true],
    ['a surrogate pair (emoji)', '😀 ok', true],
    ['U+0000', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone low surrogate', 'a\udc00b', false],
    ['a high surrogate at the end', 'x\ud83d', false],
    ['two high surrogates', '\ud83d\ud83d\ude00', false],
    ['a reversed pair', '\ude00\ud83d', false],
    ['other control characters', '\u0001\u001f\u007f', true],
  ])('%s → %s', (_name, text, storable) => {
    expect(isStorableString(text)).toBe(storable);
  });
});

describe('isSafeJsonNumber', () => {
  it.each([
    [0, true],
    [-0, true],
    [12.5, true],
    [Number.MAX_SAFE_INTEGER, true],
    [-Number.MAX_SAFE_INTEGER, true],
    [Number.MAX_SAFE_INTEGER + 1, false],
    [-(Number.MAX_SAFE_INTEGER + 1), false],
    [Number('123456789012345678901234567890'), false],
    [1e300, false],
    [Infinity, false],
    [-Infinity, false],
    [NaN, false],
    [1e-300, true],
  ])('%p → %p', (n, safe) => {
    expect(isSafeJsonNumber(n)).toBe(safe);
  });
});

describe('joinPath', () => {
  it.each([
    ['', ['data', 'items', 0], 'data.items[0]'],
    ['data', ['items', 0], 'data.items[0]'],
    ['data', [0, 1], 'data[0][1]'],
    ['data', [], 'data'],
    ['', [], ''],
    ['data', ['a b'], 'data["a b"]'],
  ])('%p + %p → %p', (prefix, segments, path) => {
    expect(joinPath(prefix, segments as Array<string | number>)).toBe(path);
  });
});

describe('checkJsonTextDepth', () => {
  it.each([
    ['scalar', '1', 1, undefined],
    ['32 arrays', nested(32), 32, undefined],
    ['33 arrays', nested(33), 32, `${'[0]'.repeat(32)}`],
    ['32 objects', nested(32, '{"a":', '}'), 32, undefined],
    ['33 objects', nested(33, '{"a":', '}'), 32, `a${'.a'.repeat(31)}`],
    ['brackets in strings do not count', JSON.stringify({ s: '[[[[{{{{'.repeat(20) }), 32, undefined],
    ['escaped quotes in strings', `{"s":"\\"[[[[[[", "t":${nested(2)}}`, 3, undefined],
    ['the path follows keys and indexes', '{"data":{"x":1,"list":[0,{"k":[[]]}]}}', 5, 'data.list[1].k[0]'],
    ['keys with escapes and spaces', '{"a\\u0062 c":[[]]}', 2, '["ab c"][0]'],
    ['siblings do not add up', `[${Array(100).fill(nested(3)).join(',')}]`, 4, undefined],
    ['unbalanced closers are harmless', ']]]]}}}}' + nested(2), 2, undefined],
  ])('%s', (_name, text, maxDepth, path) => {
    const result = checkJsonTextDepth(text, maxDepth);
    if (path === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject({ code: ContractErrorCode.TooDeep, path });
  });

  it('puts the prefix before the path', () => {
    expect(checkJsonTextDepth(nested(3), 2, 'data')).toMatchObject({ code: 'TOO_DEEP', path: 'data[0][0]' });
    expect(checkJsonTextDepth('{"a":{"b":{}}}', 2, 'data')).toMatchObject({ path: 'data.a.b' });
  });

  it('refuses 100,000 nested arrays by scanning, with a path no deeper than the limit', () => {
    const result = checkJsonTextDepth(nested(100_000));
    expect(result?.code).toBe(ContractErrorCode.TooDeep);
    expect(result?.path).toBe('[0]'.repeat(MAX_JSON_DEPTH));
    expect(result?.message).toMatch(/deeper than 32 levels/);
  });

  it('agrees with the walk of the parsed value, for any JSON value', () => {
    const { node } = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -9, max: 9 }),
        fc.string({ maxLength: 4 }),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(node, fc.integer({ min: 1, max: 6 }), (value, maxDepth) => {
        const fromText = checkJsonTextDepth(JSON.stringify(value), maxDepth);
        const fromValue = findUnstorable(value, { maxDepth });
        expect(fromText === undefined).toBe(fromValue === undefined);
        if (fromText !== undefined) expect(fromText.code).toBe(ContractErrorCode.TooDeep);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseJson', () => {
  it('refuses text nested too deep with TOO_DEEP before parsing', () => {
    const result = parseJson(`{"data":${nested(100_000)}}`, 'The body');
    expect(result).toMatchObject({ ok: false, error: { code: 'TOO_DEEP', path: `data${'[0]'.repeat(31)}` } });
    if (!result.ok) expect(result.error.message).toMatch(/^The body nests/);
  });

  it('takes a smaller limit and a path prefix', () => {
    expect(parseJson(nested(3), 'The data', 'data', { maxDepth: 2 })).toMatchObject({ ok: false, error: { code: 'TOO_DEEP', path: 'data[0][0]' } });
    expect(parseJson(nested(2), 'The data', 'data', { maxDepth: 2 })).toMatchObject({ ok: true });
  });

  it('still says NOT_JSON for text that is not JSON', () => {
    expect(parseJson('{"a":', 'The body')).toMatchObject({ ok: false, error: { code: 'NOT_JSON' } });
  });
});

/**
 * Strings of the UTF-16 units that matter here: ASCII, JSON's special characters, NUL and other
 * controls, both surrogate halves (which may or may not end up paired) and whole astral characters.
 */
const tricky = (maxLength: number) =>
  fc
    .array(fc.constantFrom('a', 'é', '日', '"', '\\', '\u0000', '\u001f', '\ud800', '\udbff', '\udc00', '\udfff', '😀', '\u2028'), { maxLength })
    .map((units) => units.join(''));

describe('findUnstorable', () => {
  const deep = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };

  it.each([
    ['a plain event', { id: 'x', data: { n: 1, s: 'ok', list: [true, null, 2.5] } }, undefined, ''],
    ['NUL in a nested value', { data: { items: [{ name: 'a\u0000' }] } }, 'INVALID_TEXT', 'data.items[0].name'],
    ['a lone surrogate in a top-level value', { subject: '\udfff' }, 'INVALID_TEXT', 'subject'],
    ['NUL in a key', { data: { ['k\u0000']: 1 } }, 'INVALID_TEXT', 'data'],
    ['a lone surrogate in a key at the top', { ['\ud800']: 1 }, 'INVALID_TEXT', ''],
    ['an integer beyond 2^53 − 1', { data: { points: 2 ** 53 } }, 'UNSAFE_NUMBER', 'data.points'],
    ['a huge negative number', { data: { list: [1, -1e300] } }, 'UNSAFE_NUMBER', 'data.list[1]'],
    ['Infinity', { data: { x: Infinity } }, 'UNSAFE_NUMBER', 'data.x'],
    ['NaN', { data: { x: NaN } }, 'UNSAFE_NUMBER', 'data.x'],
    ['33 levels', { data: deep(32) }, 'TOO_DEEP', `data${'[0]'.repeat(31)}`],
    ['32 levels', { data: deep(31) }, undefined, ''],
    ['the first problem in document order', { a: { b: 'x\u0000' }, c: Infinity }, 'INVALID_TEXT', 'a.b'],
  ])('%s', (_name, value, code, path) => {
    const result = findUnstorable(value);
    if (code === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject({ code, path });
  });

  it('never echoes the value in its message', () => {
    const result = findUnstorable({ data: { secret: 'p4ssw0rd\u0000' } });
    expect(result?.message).toMatch(/^data\.secret holds a NUL character/);
    expect(result?.message).not.toContain('p4ssw0rd');
  });

  it('walks a 200,000-deep value without overflowing the stack', () => {
    expect(findUnstorable(deep(200_000))).toMatchObject({ code: 'TOO_DEEP', path: '[0]'.repeat(MAX_JSON_DEPTH) });
  });

  it('walks a wide value (100,000 members) iteratively', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    expect(findUnstorable({ data: wide })).toBeUndefined();
  });

  it('any string it accepts round-trips through JSON unchanged and holds no NUL or lone surrogate', () => {
    fc.assert(
      fc.property(tricky(40), tricky(10), (text, key) => {
        const accepted = findUnstorable({ data: { [key]: text } }) === undefined;
        expect(accepted).toBe(isStorableString(text) && isStorableString(key));
        if (!accepted) return;
        expect(JSON.parse(JSON.stringify(text))).toBe(text);
        expect(text).not.toContain('\u0000');
        // Well-formed UTF-16: encoding to UTF-8 and back changes nothing.
        expect(new TextDecoder().decode(new TextEncoder().encode(text))).toBe(text);
      }),
    );
  });

  it('any number it accepts round-trips through JSON unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(Number)), (n) => {
        if (findUnstorable({ n }) !== undefined) return;
        expect(Number.isFinite(n)).toBe(true);
        expect(JSON.parse(JSON.stringify(n))).toBe(n === 0 ? 0 : n);
        if (Number.isInteger(n)) expect(Number.isSafeInteger(n)).toBe(true);
      }),
    );
  });
});
