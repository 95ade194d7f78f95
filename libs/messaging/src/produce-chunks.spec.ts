import { chunkBySize, recordBytes, RECORD_OVERHEAD_BYTES } from './produce-chunks';

const message = (id: number, bytes: number) => ({
  key: `k${id}`,
  value: 'x'.repeat(bytes),
  headers: { 'content-type': 'application/json' },
});

describe('chunkBySize', () => {
  it('keeps the order and puts every message in exactly one chunk', () => {
    const messages = Array.from({ length: 300 }, (_, i) => message(i, 10_000));
    const chunks = chunkBySize(messages, 512 * 1024);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it('never exceeds the limit, unless one message alone is larger', () => {
    const messages = [message(1, 100), message(2, 300_000), message(3, 300_000), message(4, 900_000), message(5, 10)];
    const chunks = chunkBySize(messages, 512 * 1024);
    expect(chunks.map((c) => c.map((m) => m.key))).toEqual([['k1', 'k2'], ['k3'], ['k4'], ['k5']]);
    for (const chunk of chunks.filter((c) => c.length > 1)) {
      expect(chunk.reduce((sum, m) => sum + recordBytes(m), 0)).toBeLessThanOrEqual(512 * 1024);
    }
  });

  it('counts key, value, headers and the record overhead', () => {
    expect(recordBytes({ key: 'ab', value: 'é', headers: { h: 'v' } })).toBe(RECORD_OVERHEAD_BYTES + 2 + 2 + 8 + 1 + 1);
    expect(chunkBySize([], 1024)).toEqual([]);
  });
});
