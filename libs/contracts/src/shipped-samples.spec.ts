import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateEvent } from './event-validator';

// The sample timelines shipped in flows/samples/ are real input: they must pass the contract.
describe('shipped sample events', () => {
  const dir = join(__dirname, '..', '..', '..', 'flows', 'samples');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));

  it.each(files)('%s is valid line by line', (file) => {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const [index, line] of lines.entries()) {
      const result = validateEvent(line);
      expect({ line: index + 1, error: result.ok ? null : result.error }).toEqual({ line: index + 1, error: null });
    }
  });
});
