import { kpisQuerySchema } from './kpis.schemas';

describe('kpisQuerySchema', () => {
  it('fills the defaults', () => {
    expect(kpisQuerySchema.parse({})).toEqual({ bucket: 'day', first_use_days: 14, outcome_days: 30 });
  });

  it('takes dates, date-times and whole numbers of days', () => {
    const q = kpisQuerySchema.parse({
      from: '2026-01-01',
      to: '2026-02-01T10:00:00Z',
      bucket: 'week',
      first_use_days: '7',
    });
    expect(q).toMatchObject({ from: '2026-01-01', to: '2026-02-01T10:00:00Z', bucket: 'week', first_use_days: 7 });
  });

  it('refuses what it cannot read', () => {
    for (const bad of [{ from: 'yesterday' }, { bucket: 'month' }, { first_use_days: '0' }, { outcome_days: '1.5' }])
      expect(kpisQuerySchema.safeParse(bad).success).toBe(false);
  });
});

describe('kpisQuerySchema periods', () => {
  it('wants from before to, and at most a year', () => {
    expect(kpisQuerySchema.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false);
    expect(kpisQuerySchema.safeParse({ from: '2024-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(kpisQuerySchema.safeParse({ from: '2025-01-01', to: '2026-01-01' }).success).toBe(true);
  });
});
