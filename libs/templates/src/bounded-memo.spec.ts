import { BoundedMemo } from './bounded-memo';

describe('BoundedMemo', () => {
  it('builds a value once per key, undefined included, and starts over when full', () => {
    const memo = new BoundedMemo<string | undefined>(2);
    const built: string[] = [];
    const get = (key: string) =>
      memo.get(key, () => {
        built.push(key);
        return key === 'none' ? undefined : key.toUpperCase();
      });
    expect([get('a'), get('a'), get('none'), get('none')]).toEqual(['A', 'A', undefined, undefined]);
    expect(built).toEqual(['a', 'none']);
    expect(get('b')).toBe('B'); // the third key: the memo was full and starts over
    expect(get('a')).toBe('A');
    expect(built).toEqual(['a', 'none', 'b', 'a']);
  });
});
