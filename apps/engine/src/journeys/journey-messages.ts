import { createHash } from 'node:crypto';
import {
  CLOUDEVENT_HEADERS,
  deadLetterHeaders,
  makeEvent,
  parseCommand,
  type ContractViolation,
} from '@postventa/contracts';
import type { ActivityRecord, WireCommand } from '@postventa/journeys';
import type { ActivityRow, OutboxMessage } from '@postventa/persistence';
import type { FlowCatalog } from '../flows/flow-catalog';

/** Thrown for a flow version the catalog does not know (a programming error: it produced the record). */
export class UnknownFlowVersionError extends Error {}

function versionNumber(catalog: FlowCatalog, flow: { id: string; version: string }): number {
  const number = catalog.versionNumber(flow);
  if (number === undefined)
    throw new UnknownFlowVersionError(`flow version ${flow.id}@${flow.version} is not in the catalog`);
  return number;
}

export type CommandMessage =
  | { ok: true; message: OutboxMessage }
  | { ok: false; message: OutboxMessage; reason: Pick<ContractViolation, 'code' | 'message' | 'path'> };

/**
 * The outbox row for a wire command: on the commands topic, keyed by customer id, its value the
 * command as validated by the contract, with `flow.version` the published version number (the
 * interpreter's content hash stays in the journey state and flow_versions). A command the contract
 * rejects goes to the dead-letter topic instead, with the reason in its headers.
 */
export function commandMessage(command: WireCommand, catalog: FlowCatalog, now: Date): CommandMessage {
  const wire = { ...command, flow: { id: command.flow.id, version: versionNumber(catalog, command.flow) } };
  const parsed = parseCommand(wire);
  if (parsed.ok) {
    return {
      ok: true,
      message: {
        topic: 'commands',
        key: command.customer_id,
        headers: {
          'content-type': 'application/json',
          'x-command-type': command.type,
          'x-command-id': command.command_id,
        },
        payload: parsed.command,
      },
    };
  }
  const reason = { code: parsed.error.code, message: parsed.error.message, path: parsed.error.path };
  return {
    ok: false,
    reason,
    message: {
      topic: 'deadLetter',
      key: command.customer_id,
      headers: {
        'content-type': 'application/json',
        ...deadLetterHeaders(reason, { topic: 'engine.commands', partition: -1, offset: '-1' }, now.toISOString()),
      },
      payload: wire,
    },
  };
}

/**
 * Event id of an activity record: its interpreter id plus a hash of the input that caused it.
 * Deterministic (the inbox hands each input over once, and a retried batch yields the same id)
 * and unique even where two inputs leave the journey at the same seq and visit.
 */
export function activityEventId(record: ActivityRecord, inputId: string): string {
  return `${record.activity_id}:${createHash('sha256').update(inputId, 'utf8').digest('hex').slice(0, 12)}`;
}

/** The activity CloudEvent (outbox row for the activity topic) and the row kept for KPIs. */
export function activityMessage(
  record: ActivityRecord,
  inputId: string,
  catalog: FlowCatalog,
): { message: OutboxMessage; row: ActivityRow } {
  const { activity_id: _id, customer_id, at, type, flow, ...rest } = record;
  const number = versionNumber(catalog, flow);
  const data: Record<string, unknown> = { ...rest, flow: { id: flow.id, version: number }, flow_hash: flow.version };
  const eventType: string = type;
  const id = activityEventId(record, inputId);
  const event = makeEvent(eventType, customer_id, data, { id, time: at });
  const text = (key: string): string | null => (typeof data[key] === 'string' ? (data[key] as string) : null);
  return {
    message: { topic: 'activity', key: customer_id, headers: { ...CLOUDEVENT_HEADERS }, payload: event },
    row: {
      id,
      type,
      customer_id,
      journey_id: record.journey_id,
      flow_id: flow.id,
      flow_version: number,
      step_id: record.step_id ?? null,
      moment: record.moment ?? null,
      order_id: record.order_id ?? null,
      outcome: text('outcome'),
      command_id: text('command_id'),
      occurred_at: at,
      data,
    },
  };
}
