import { compileCel, evaluateCondition } from './cel-conditions';

describe('CEL programs', () => {
  const scope = (data: Record<string, unknown>) => ({
    event: { data },
    customer: {},
    journey: {},
    now: new Date('2026-01-01T00:00:00Z'),
  });

  it('parses and checks a source once: the same program comes back for the same source and expectation', () => {
    const first = compileCel('event.data.total > 100', 'bool');
    const second = compileCel('event.data.total > 100', 'bool');
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.expression).toBe(first.expression);
    expect(evaluateCondition(second.expression, scope({ total: 150 }))).toBe(true);
    expect(evaluateCondition(second.expression, scope({ total: 50 }))).toBe(false);
  });

  it('keeps answers per expectation and keeps errors', () => {
    expect(compileCel('1 + 2', 'any').ok).toBe(true);
    const asBool = compileCel('1 + 2', 'bool');
    expect(asBool).toEqual({ ok: false, message: expect.stringContaining('true or false') });
    expect(compileCel('1 + 2', 'bool')).toEqual(asBool);
    expect(compileCel('event.data.(', 'bool').ok).toBe(false);
  });
});
