import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope } from './events';
import { formatFlowIssues, loadFlowFromYaml } from './flow-validator';
import { journeyIdFor } from './journey-entry';
import { flowFromYaml, makeEvent } from './journey-test-kit';
import { formatSimulation, simulate } from './simulator';

const ROOT = join(__dirname, '../../..');
const TEMPLATES = new Set([
  'order-confirmation',
  'what-to-expect',
  'usage-guide',
  'first-use-help',
  'nps-survey',
  'detractor-apology',
  'review-request',
  'welcome',
  'milestone-tip',
  'refund-feedback',
]);
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const timeline = (): EventEnvelope[] =>
  read('flows/samples/smot-timeline.jsonl')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as EventEnvelope);
const customer = { id: 'cus-1042', email: 'lucia@example.com', locale: 'es', timezone: 'Europe/Madrid' };

function loadShipped(name: string) {
  const result = loadFlowFromYaml(read(`flows/${name}.yaml`), `flows/${name}.yaml`, { templates: TEMPLATES });
  if (!result.ok) throw new Error(formatFlowIssues(result.errors));
  return result.flow;
}

describe('shipped flows', () => {
  it.each(['smot-onboarding', 'saas-activation', 'saas-milestones', 'refund-recovery'])(
    '%s validates against the shipped templates',
    (name) => {
      expect(loadShipped(name).id).toBe(name);
    },
  );
});

describe('simulate the SMOT flow with the sample timeline', () => {
  const flow = loadShipped('smot-onboarding');
  const result = simulate(flow, timeline(), { customer });
  const commands = result.entries.filter((e) => e.kind === 'command');

  it('sends the FMOT, SMOT and detractor messages in order, at the right times', () => {
    expect(commands.map((e) => `${e.at} ${e.detail}`)).toEqual([
      '2025-03-03T10:15:00.000Z email.send order-confirmation (transactional) to lucia@example.com [fmot]',
      '2025-03-03T10:15:00.000Z email.send what-to-expect (transactional) to lucia@example.com [fmot]',
      '2025-03-06T12:40:00.000Z email.send usage-guide (transactional) to lucia@example.com [smot]',
      '2025-03-10T18:05:00.000Z survey.send nps nps-survey to lucia@example.com [smot]',
      '2025-03-11T09:30:00.000Z email.send detractor-apology (transactional) to lucia@example.com [tmot]',
      '2025-03-11T09:30:00.000Z alert.raise high detractor -> support [tmot]',
    ]);
  });

  it('the survey answer in the sample refers to the journey the simulator creates', () => {
    const journeyId = journeyIdFor('smot-onboarding', 'cus-1042', 'ord-50017', 'evt-0001');
    expect(result.journeys.map((j) => j.id)).toEqual([journeyId]);
    expect(commands[3].command?.type === 'survey.send' && commands[3].command.survey.survey_id).toBe(
      `${journeyId}:nps-survey:1`,
    );
  });

  it('records the first-use goal, completes, and leaves nothing pending', () => {
    expect(result.entries.filter((e) => e.kind === 'converted').map((e) => e.detail)).toEqual([
      expect.stringContaining('goal first-use'),
    ]);
    expect(result.journeys[0]).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(result.pending).toEqual([]);
  });

  it('formats one readable line per entry', () => {
    const text = formatSimulation(result);
    expect(text.split('\n')[0]).toBe(`# smot-onboarding@${flow.version}`);
    expect(text).toContain('2025-03-11 09:30:00Z  command         alert.raise high detractor -> support [tmot]');
  });

  it('without first use, nudges, raises no_first_use, then ends after the late window', () => {
    const events = timeline().slice(0, 2);
    const quiet = simulate(flow, events, { customer });
    expect(
      quiet.entries
        .filter((e) => e.kind === 'command')
        .map((e) => `${e.at} ${e.detail.split(' to ')[0].split(' [')[0]}`),
    ).toEqual([
      '2025-03-03T10:15:00.000Z email.send order-confirmation (transactional)',
      '2025-03-03T10:15:00.000Z email.send what-to-expect (transactional)',
      '2025-03-06T12:40:00.000Z email.send usage-guide (transactional)',
      '2025-03-11T12:40:00.000Z email.send first-use-help (transactional)',
      '2025-03-11T12:40:00.000Z alert.raise medium no_first_use -> support',
    ]);
    expect(quiet.journeys[0]).toMatchObject({ status: 'completed', outcome: 'timed_out' });
    expect(quiet.entries[quiet.entries.length - 1]).toMatchObject({ at: '2025-03-20T12:40:00.000Z', kind: 'exited' });
  });

  it('a promoter gets a review request, deferred by quiet hours', () => {
    const events = timeline();
    const answer = events[3];
    // 21:30 in Madrid: the marketing review request waits for 08:00 local
    events[3] = { ...answer, time: '2025-03-11T20:30:00Z', data: { ...answer.data, score: 10 } };
    const promoter = simulate(flow, events, { customer });
    const last = promoter.entries.filter((e) => e.kind === 'command').pop();
    expect(last).toMatchObject({
      at: '2025-03-12T07:00:00.000Z',
      detail: expect.stringContaining('email.send review-request (marketing)'),
    });
  });

  it('an order cancellation ends the journey', () => {
    const cancel = makeEvent(
      'order.cancelled',
      '2025-03-04T09:00:00Z',
      { order_id: 'ord-50017' },
      { subject: 'cus-1042' },
    );
    const cancelled = simulate(flow, [timeline()[0], cancel], { customer });
    expect(cancelled.journeys[0]).toMatchObject({ status: 'exited', outcome: 'cancelled' });
    expect(cancelled.entries.filter((e) => e.kind === 'command')).toHaveLength(2);
  });

  it('runs one journey per order', () => {
    const second = makeEvent(
      'order.placed',
      '2025-03-03T11:00:00Z',
      { order_id: 'ord-50018' },
      { subject: 'cus-1042' },
    );
    const two = simulate(flow, [timeline()[0], second], { customer, horizon: 'P1D' });
    expect(two.journeys.map((j) => j.entry_key).sort()).toEqual(['ord-50017', 'ord-50018']);
  });
});

describe('simulate with second-long waits', () => {
  it('fires timers in due order on the virtual clock', () => {
    const flow = flowFromYaml(
      'id: quick\nname: Quick\ntrigger:\n  event: account.created\nsteps:\n  - id: a\n    type: wait\n    duration: PT1S\n  - id: hi\n    type: email\n    template: welcome\n    category: transactional\n  - id: b\n    type: wait\n    duration: PT2S\n  - id: bye\n    type: alert\n    severity: low\n    reason: done\n',
    );
    const result = simulate(flow, [makeEvent('account.created', '2025-01-01T00:00:00Z')]);
    expect(result.entries.filter((e) => e.kind === 'command').map((e) => e.at)).toEqual([
      '2025-01-01T00:00:01.000Z',
      '2025-01-01T00:00:03.000Z',
    ]);
  });
});
