import {
  AlertAction,
  appendTimeline,
  bumpSeverity,
  maxSeverity,
  mergeReasons,
  transition,
} from './alert-state-machine';
import { AlertError, AlertErrorCode } from './alert.error';
import type { AlertRecord, AlertState } from './alert.types';

const now = new Date('2026-01-10T10:00:00.000Z');

function alert(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 'al_1',
    customerId: 'cus_1',
    reason: 'detractor',
    source: 'risk',
    severity: 'high',
    state: 'open',
    resolution: null,
    reasons: [{ code: 'detractor', detail: 'NPS 3' }],
    timeline: [{ at: '2026-01-10T09:00:00.000Z', kind: 'survey.answered', summary: 'NPS answered: 3' }],
    riskScore: 50,
    team: 'care',
    owner: 'ana@support.example.com',
    signalCount: 1,
    firstSignalAt: '2026-01-10T09:00:00.000Z',
    lastSignalAt: '2026-01-10T09:00:00.000Z',
    raisedAt: '2026-01-10T09:00:01.000Z',
    slaDueAt: '2026-01-10T13:00:01.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
    escalatedAt: null,
    commandId: null,
    journeyId: null,
    flowId: null,
    flowVersion: null,
    stepId: null,
    moment: null,
    orderId: null,
    note: null,
    data: {},
    ...overrides,
  };
}

function rejects(run: () => unknown): AlertError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AlertError);
    return error as AlertError;
  }
  throw new Error('expected an AlertError');
}

describe('alert state machine', () => {
  it('acknowledging an open alert makes the actor its owner', () => {
    const result = transition(alert(), { type: 'acknowledge', actor: 'tom@support.example.com' }, now);
    expect(result?.patch).toEqual({
      state: 'acknowledged',
      acknowledgedAt: now.toISOString(),
      acknowledgedBy: 'tom@support.example.com',
      owner: 'tom@support.example.com',
    });
    expect(result?.event).toMatchObject({
      type: 'acknowledged',
      actor: 'tom@support.example.com',
      data: { previous_owner: 'ana@support.example.com' },
    });
  });

  it.each<[AlertState, 'resolve' | 'acknowledge']>([
    ['open', 'resolve'],
    ['acknowledged', 'resolve'],
  ])('resolves from %s', (state) => {
    const result = transition(alert({ state }), { type: 'resolve', actor: 'ana', note: 'called her' }, now);
    expect(result?.patch).toMatchObject({
      state: 'resolved',
      resolution: 'manual',
      resolvedBy: 'ana',
      resolutionNote: 'called her',
      resolvedAt: now.toISOString(),
    });
    expect(result?.event).toMatchObject({ type: 'resolved', note: 'called her', data: { from: state } });
  });

  it.each([
    ['acknowledge', 'acknowledged', { type: 'acknowledge', actor: 'x' }],
    ['acknowledge', 'resolved', { type: 'acknowledge', actor: 'x' }],
    ['resolve', 'resolved', { type: 'resolve', actor: 'x' }],
    ['assign', 'resolved', { type: 'assign', owner: 'y', actor: 'x' }],
    ['escalate', 'acknowledged', { type: 'escalate' }],
    ['escalate', 'resolved', { type: 'escalate' }],
    ['reopen', 'open', { type: 'reopen', actor: 'x' }],
    ['reopen', 'acknowledged', { type: 'reopen', actor: 'x' }],
    [
      'signal',
      'resolved',
      { type: 'signal', severity: 'high', at: now.toISOString(), reasons: [], timeline: [], actor: 'risk' },
    ],
  ] as const)('refuses to %s an alert that is %s with a coded 409', (action, state, payload) => {
    const error = rejects(() => transition(alert({ state }), payload as AlertAction, now));
    expect(error.code).toBe(AlertErrorCode.InvalidTransition);
    expect(error.httpStatus).toBe(409);
    expect(error.details).toEqual({ state, action });
  });

  it('says why a resolved alert cannot be resolved again', () => {
    expect(rejects(() => transition(alert({ state: 'resolved' }), { type: 'resolve', actor: 'x' }, now)).message).toBe(
      'Alert al_1 is already resolved; it cannot be resolved again',
    );
  });

  it('reopens a resolved alert: open again, same owner, resolution and acknowledgement cleared', () => {
    const resolved = alert({
      state: 'resolved',
      resolution: 'manual',
      resolvedAt: now.toISOString(),
      resolvedBy: 'ana',
      resolutionNote: 'called her',
      acknowledgedAt: now.toISOString(),
      acknowledgedBy: 'ana',
    });
    const result = transition(resolved, { type: 'reopen', actor: 'lead', note: 'she wrote again' }, now);
    expect(result?.patch).toEqual({
      state: 'open',
      resolution: null,
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    expect(result?.event).toEqual({
      type: 'reopened',
      actor: 'lead',
      note: 'she wrote again',
      data: { resolution: 'manual', resolved_by: 'ana', owner: 'ana@support.example.com' },
    });
  });

  it('assigns while open or acknowledged, keeping the state', () => {
    for (const state of ['open', 'acknowledged'] as const) {
      const result = transition(alert({ state }), { type: 'assign', owner: 'tom', actor: 'lead' }, now);
      expect(result?.patch).toEqual({ owner: 'tom' });
      expect(result?.event).toMatchObject({
        type: 'assigned',
        actor: 'lead',
        data: { owner: 'tom', previous_owner: 'ana@support.example.com' },
      });
    }
  });

  it('auto-resolves an unresolved alert and ignores a resolved one', () => {
    expect(
      transition(alert({ state: 'acknowledged' }), { type: 'auto_resolve', cause: 'recovered' }, now)?.patch,
    ).toMatchObject({
      state: 'resolved',
      resolution: 'auto',
      resolvedBy: 'system',
      resolutionNote: 'auto-resolved: recovered',
    });
    expect(transition(alert({ state: 'resolved' }), { type: 'auto_resolve', cause: 'recovered' }, now)).toBeNull();
  });

  it('escalates once, raising the severity one step', () => {
    const result = transition(alert(), { type: 'escalate' }, now);
    expect(result?.patch).toEqual({ escalatedAt: now.toISOString(), severity: 'critical' });
    expect(result?.event.data).toMatchObject({ previous_severity: 'high', severity: 'critical' });
    expect(
      rejects(() => transition(alert({ escalatedAt: now.toISOString() }), { type: 'escalate' }, now)).message,
    ).toContain('already escalated');
  });

  it('a new signal bumps the count, keeps the highest severity and appends to the timeline', () => {
    const result = transition(
      alert({ severity: 'critical' }),
      {
        type: 'signal',
        severity: 'high',
        at: '2026-01-10T09:30:00.000Z',
        reasons: [{ code: 'detractor', detail: 'NPS 2' }],
        timeline: [{ at: '2026-01-10T09:30:00.000Z', kind: 'survey.answered', summary: 'NPS answered: 2' }],
        riskScore: 50,
        actor: 'risk',
      },
      now,
    );
    expect(result?.patch).toMatchObject({
      signalCount: 2,
      lastSignalAt: '2026-01-10T09:30:00.000Z',
      severity: 'critical',
      reasons: [{ code: 'detractor', detail: 'NPS 2' }],
    });
    expect(result?.patch.timeline).toHaveLength(2);
    expect(result?.event).toMatchObject({ type: 'updated', data: { signal_count: 2, severity: 'critical' } });
  });
});

describe('alert helpers', () => {
  it('orders severities', () => {
    expect(maxSeverity('low', 'high')).toBe('high');
    expect(maxSeverity('critical', 'medium')).toBe('critical');
    expect(bumpSeverity('medium')).toBe('high');
    expect(bumpSeverity('critical')).toBe('critical');
  });

  it('appends timeline entries once, oldest first, keeping the newest `limit`', () => {
    const entry = (minute: number) => ({
      at: `2026-01-10T09:${String(minute).padStart(2, '0')}:00.000Z`,
      kind: 'k',
      summary: `s${minute}`,
    });
    expect(appendTimeline([entry(1), entry(3)], [entry(3), entry(2), entry(4)], 3)).toEqual([
      entry(2),
      entry(3),
      entry(4),
    ]);
  });

  it('merges reasons by code', () => {
    expect(
      mergeReasons([{ code: 'a', detail: 'old' }, { code: 'b' }], [{ code: 'a', detail: 'new' }, { code: 'c' }]),
    ).toEqual([{ code: 'a', detail: 'new' }, { code: 'b' }, { code: 'c' }]);
  });
});
