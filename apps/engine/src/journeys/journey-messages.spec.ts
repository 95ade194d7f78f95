import { DLQ_HEADERS, parseCommand, validateEvent } from '@postventa/contracts';
import { loadFlowFromYaml, type ActivityRecord, type EmailSendCommand } from '@postventa/journeys';
import { FlowCatalog } from '../flows/flow-catalog';
import { timerFiredMessage, timerFiringOf } from '../timers/timer-firing';
import { activityEventId, activityMessage, commandMessage, UnknownFlowVersionError } from './journey-messages';

const loaded = loadFlowFromYaml(
  'id: f\nname: F\ntrigger:\n  event: order.placed\nsteps:\n  - id: a\n    type: email\n    template: t\n    category: transactional\n',
  'f.yaml',
);
if (!loaded.ok) throw new Error('test flow invalid');
const flow = loaded.flow;
const catalog = new FlowCatalog([flow], [{ flow, number: 3 }]);
const now = new Date('2026-01-10T10:00:00Z');

const command: EmailSendCommand = {
  type: 'email.send',
  command_id: 'f:abc:a:1',
  customer_id: 'c1',
  journey_id: 'f:abc',
  flow: { id: 'f', version: flow.version },
  step_id: 'a',
  issued_at: now.toISOString(),
  template: 't',
  category: 'transactional',
  to: 'ana@example.com',
  data: { order_id: 'o1' },
};

describe('commandMessage', () => {
  it('puts the contract-valid command on the commands topic keyed by customer, with the version number', () => {
    const result = commandMessage(command, catalog, now);
    expect(result.ok).toBe(true);
    expect(result.message).toMatchObject({ topic: 'commands', key: 'c1', headers: { 'x-command-id': 'f:abc:a:1' } });
    const parsed = parseCommand(JSON.stringify(result.message.payload));
    expect(parsed.ok && parsed.command.flow).toEqual({ id: 'f', version: 3 });
  });

  it('sends a command the contract rejects to the dead-letter topic with the reason', () => {
    const result = commandMessage({ ...command, to: 'not an address' }, catalog, now);
    expect(result.ok).toBe(false);
    expect(result.message.topic).toBe('deadLetter');
    expect(result.message.headers[DLQ_HEADERS.reasonPath]).toBe('to');
  });

  it('refuses a flow version it does not know', () => {
    expect(() => commandMessage({ ...command, flow: { id: 'f', version: 'nope' } }, catalog, now)).toThrow(
      UnknownFlowVersionError,
    );
  });
});

describe('activityMessage', () => {
  const record: ActivityRecord = {
    type: 'journey.step',
    activity_id: 'f:abc:1:2:0:journey.step',
    journey_id: 'f:abc',
    customer_id: 'c1',
    flow: { id: 'f', version: flow.version },
    step_id: 'a',
    step_type: 'email',
    outcome: 'completed',
    command_id: 'f:abc:a:1',
    at: now.toISOString(),
    entered_at: now.toISOString(),
  };

  it('builds a valid activity CloudEvent and the KPI row with the same facts', () => {
    const { message, row } = activityMessage(record, 'evt-1', catalog);
    expect(validateEvent(message.payload).ok).toBe(true);
    expect(message).toMatchObject({ topic: 'activity', key: 'c1' });
    expect(row).toMatchObject({
      type: 'journey.step',
      flow_id: 'f',
      flow_version: 3,
      step_id: 'a',
      outcome: 'completed',
      command_id: 'f:abc:a:1',
      occurred_at: now.toISOString(),
    });
    expect(row.data).toMatchObject({ flow: { id: 'f', version: 3 }, flow_hash: flow.version });
  });

  it('gives deterministic ids that differ between inputs', () => {
    expect(activityEventId(record, 'evt-1')).toBe(activityEventId(record, 'evt-1'));
    expect(activityEventId(record, 'evt-1')).not.toBe(activityEventId(record, 'evt-2'));
  });
});

describe('timer firings', () => {
  it('round-trip through the timer.fired event with the seq, under an id derived from the timer', () => {
    const due = new Date('2026-01-10T09:00:00Z');
    const message = timerFiredMessage(
      {
        timer_id: 'f:abc:w:1:wait',
        journey_id: 'f:abc',
        customer_id: 'c1',
        flow_id: 'f',
        flow_version: flow.version,
        step_id: 'w',
        seq: 4,
        purpose: 'wait',
        due_at: due,
      },
      now,
    );
    const event = validateEvent(message.payload);
    expect(event.ok).toBe(true);
    if (!event.ok) return;
    expect(message).toMatchObject({ topic: 'timers', key: 'c1' });
    expect(event.event).toMatchObject({
      id: 'timer:f:abc:w:1:wait',
      type: 'timer.fired',
      subject: 'c1',
      time: now.toISOString(),
    });
    expect(timerFiringOf(event.event)).toEqual({
      kind: 'timer',
      timer_id: 'f:abc:w:1:wait',
      journey_id: 'f:abc',
      step_id: 'w',
      seq: 4,
      due_at: due.toISOString(),
    });
    expect(timerFiringOf({ type: 'timer.fired', data: { timer_id: 'x', due_at: due.toISOString() } })).toBeNull();
  });
});
