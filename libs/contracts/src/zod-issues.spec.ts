import { formatPath } from './zod-issues';

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['data'], 'data'],
    [['data', 'items', 0, 'quantity'], 'data.items[0].quantity'],
    [['data', 'customer', 'attributes', 'x-y'], 'data.customer.attributes["x-y"]'],
    [['trace-id'], '["trace-id"]'],
    [[0, 'a'], '[0].a'],
  ] as [PropertyKey[], string][])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
