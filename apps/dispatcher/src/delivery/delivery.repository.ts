import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { categoryOf, Delivery, DeliveryStatus, EmailCommand } from './delivery.types';
import { WriteCoalescer } from './write-coalescer';

interface DeliveryRecord {
  command_id: string;
  command_type: EmailCommand['type'];
  customer_id: string;
  category: Delivery['category'];
  template: string;
  command: EmailCommand;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  lease_owner: string | null;
  message_id: string;
  locale: string | null;
  smtp_response: string | null;
  error_code: string | null;
  error_message: string | null;
  event_pending: boolean;
  updated_at: Date;
  sent_at: Date | null;
  lease_instance: string | null;
  sending_at: Date | null;
  smtp_stage: string | null;
  smtp_response_code: number | null;
  unknown_at: Date | null;
}

export interface NewDelivery {
  command: EmailCommand;
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
}

/** Who holds a lease: the worker (one batch or poll round) and the dispatcher process it runs in. */
export interface LeaseHolder {
  owner: string;
  instance: string;
}

/** What is known of an SMTP conversation that ended without an answer being recorded. */
export interface SmtpFacts {
  /** The last stage reached: `handed_to_smtp`, the SMTP command the server answered, or `end_of_data` (sent in full, no answer). */
  stage: string;
  responseCode?: number;
}

/** One `markSending`. */
export interface SendingClaim {
  commandId: string;
  owner: string;
  leaseUntil: Date;
  now: Date;
}

/** One `recordSent`. */
export interface SentRecord {
  commandId: string;
  owner: string;
  smtpResponse: string;
  locale: string;
  now: Date;
}

export interface FinalOutcome {
  commandId: string;
  status: 'failed' | 'suppressed';
  errorCode: string;
  errorMessage: string;
  locale?: string | null;
}

const COLUMNS = `command_id, command_type, customer_id, category, template, command, status, attempts, next_attempt_at,
  lease_owner, message_id, locale, smtp_response, error_code, error_message, event_pending, updated_at, sent_at,
  lease_instance, sending_at, smtp_stage, smtp_response_code, unknown_at`;
const D_COLUMNS = COLUMNS.split(',')
  .map((c) => `d.${c.trim()}`)
  .join(', ');

/**
 * The deliveries table: one row per command, the dispatcher's exactly-once record. Every state
 * change that depends on holding the row is guarded by `lease_owner`, so two workers (the
 * consumer and the retry poller, or two dispatchers) can never both hand one email to SMTP.
 */
@Injectable()
export class DeliveryRepository {
  /** Claims of concurrent senders (`markSending`), one statement per round trip. */
  private readonly sendingClaims = new WriteCoalescer((items: SendingClaim[]) => this.markSendingMany(items));
  /** SMTP acceptances of concurrent senders (`recordSent`), one statement per round trip. */
  private readonly sentRecords = new WriteCoalescer((items: SentRecord[]) => this.recordSentMany(items));

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records new commands as `queued`, held by `owner` until `leaseUntil`; returns only the rows
   * this call created (a command seen before — a Kafka redelivery — is left alone). One query.
   */
  async insertNew(deliveries: NewDelivery[], holder: LeaseHolder, leaseUntil: Date, now: Date): Promise<Delivery[]> {
    if (deliveries.length === 0) return [];
    const rows = deliveries.map((d) => ({
      command_id: d.command.command_id,
      command_type: d.command.type,
      customer_id: d.command.customer_id,
      category: categoryOf(d.command),
      template: d.command.template,
      command: d.command,
      message_id: d.messageId,
      source_topic: d.topic,
      source_partition: d.partition,
      source_offset: d.offset,
    }));
    const inserted: DeliveryRecord[] = await this.dataSource.query(
      `INSERT INTO deliveries (command_id, command_type, customer_id, category, template, command, status, attempts,
                               lease_owner, lease_instance, lease_until, message_id, source_topic, source_partition, source_offset, created_at, updated_at)
       SELECT r.command_id, r.command_type, r.customer_id, r.category, r.template, r.command, 'queued', 0,
              $2, $5, $3, r.message_id, r.source_topic, r.source_partition, r.source_offset, $4, $4
         FROM jsonb_to_recordset($1::jsonb) AS r(command_id text, command_type text, customer_id text, category text, template text,
              command jsonb, message_id text, source_topic text, source_partition integer, source_offset bigint)
       ON CONFLICT (command_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [JSON.stringify(rows), holder.owner, leaseUntil, now, holder.instance],
    );
    return inserted.map(toDelivery);
  }

  /**
   * Takes rows that are due: retries whose time came, and queued rows whose holder went away
   * (its lease ran out, or the dispatcher process holding it is dead: `deadInstances`).
   * `FOR UPDATE SKIP LOCKED`, so dispatchers polling together take different rows.
   */
  async claimDue(
    holder: LeaseHolder,
    leaseUntil: Date,
    now: Date,
    limit: number,
    deadInstances: readonly string[],
  ): Promise<Delivery[]> {
    const claimed: [DeliveryRecord[], number] = await this.dataSource.query(
      `UPDATE deliveries d SET status = 'queued', lease_owner = $1, lease_instance = $6, lease_until = $2, updated_at = $3
         FROM (SELECT command_id FROM deliveries
                WHERE (status = 'retry' AND next_attempt_at <= $3)
                   OR (status = 'queued' AND (lease_until < $3 OR lease_instance IS NULL OR lease_instance = ANY($5::text[])))
                ORDER BY coalesce(next_attempt_at, lease_until)
                LIMIT $4
                FOR UPDATE SKIP LOCKED) due
        WHERE d.command_id = due.command_id
       RETURNING ${D_COLUMNS}`,
      [holder.owner, leaseUntil, now, limit, deadInstances, holder.instance],
    );
    return claimed[0].map(toDelivery);
  }

  /**
   * Commits the claim right before SMTP: `sending`, attempt n. Returns the attempt number, or
   * null when the row is no longer ours (another worker took it over).
   */
  async markSending(commandId: string, owner: string, leaseUntil: Date, now: Date): Promise<number | null> {
    return this.sendingClaims.run({ commandId, owner, leaseUntil, now });
  }

  /**
   * markSending for many rows in one statement (concurrent senders' claims are joined into it).
   * A command id given twice is claimed once: its first claim gets the attempt, the others null.
   */
  async markSendingMany(claims: SendingClaim[]): Promise<Array<number | null>> {
    const first = firstOccurrences(claims);
    const [rows]: [Array<{ command_id: string; attempts: number }>, number] = await this.dataSource.query(
      `UPDATE deliveries d SET status = 'sending', attempts = d.attempts + 1, lease_until = v.lease_until, next_attempt_at = NULL,
                               updated_at = v.now, sending_at = v.now, smtp_stage = 'handed_to_smtp', smtp_response_code = NULL
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS v(command_id, owner, lease_until, now)
        WHERE d.command_id = v.command_id AND d.lease_owner = v.owner AND d.status = 'queued'
       RETURNING d.command_id, d.attempts`,
      [
        first.map((c) => c.commandId),
        first.map((c) => c.owner),
        first.map((c) => c.leaseUntil),
        first.map((c) => c.now),
      ],
    );
    const attempts = new Map(rows.map((r) => [r.command_id, r.attempts]));
    const firstSet = new Set(first);
    return claims.map((c) => (firstSet.has(c) ? (attempts.get(c.commandId) ?? null) : null));
  }

  /** SMTP accepted the message. Also wins over `unknown` (the sender outlived its lease). */
  async recordSent(
    commandId: string,
    owner: string,
    smtpResponse: string,
    locale: string,
    now: Date,
  ): Promise<Delivery | null> {
    return this.sentRecords.run({ commandId, owner, smtpResponse, locale, now });
  }

  /** recordSent for many rows in one statement (concurrent senders' records are joined into it). */
  async recordSentMany(records: SentRecord[]): Promise<Array<Delivery | null>> {
    const first = firstOccurrences(records);
    const [rows]: [DeliveryRecord[], number] = await this.dataSource.query(
      `UPDATE deliveries d SET status = 'sent', smtp_response = v.smtp_response, smtp_stage = 'accepted',
                               smtp_response_code = v.smtp_response_code, locale = v.locale, sent_at = v.now, unknown_at = NULL,
                               event_pending = true, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = v.now
         FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::timestamptz[])
              AS v(command_id, owner, smtp_response, smtp_response_code, locale, now)
        WHERE d.command_id = v.command_id AND d.lease_owner = v.owner AND d.status IN ('sending', 'unknown')
       RETURNING ${D_COLUMNS}`,
      [
        first.map((r) => r.commandId),
        first.map((r) => r.owner),
        first.map((r) => r.smtpResponse),
        first.map((r) => responseCodeOf(r.smtpResponse)),
        first.map((r) => r.locale),
        first.map((r) => r.now),
      ],
    );
    const sent = new Map(rows.map((r) => [r.command_id, toDelivery(r)]));
    const firstSet = new Set(first);
    return records.map((r) => (firstSet.has(r) ? (sent.get(r.commandId) ?? null) : null));
  }

  /** A temporary failure: back to the poller at `nextAttemptAt`. */
  async recordRetry(
    commandId: string,
    owner: string,
    nextAttemptAt: Date,
    errorCode: string,
    errorMessage: string,
    locale: string,
    now: Date,
    facts?: SmtpFacts,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE deliveries SET status = 'retry', next_attempt_at = $3, error_code = $4, error_message = $5, locale = $6,
                             lease_owner = NULL, lease_instance = NULL, lease_until = NULL, updated_at = $7, unknown_at = NULL,
                             smtp_stage = coalesce($8, smtp_stage), smtp_response_code = $9
        WHERE command_id = $1 AND lease_owner = $2 AND status IN ('sending', 'unknown')`,
      [
        commandId,
        owner,
        nextAttemptAt,
        errorCode,
        errorMessage,
        locale,
        now,
        facts?.stage ?? null,
        facts?.responseCode ?? null,
      ],
    );
  }

  /**
   * The whole message went to SMTP and no final answer came back (a timeout or a lost connection
   * after the end of data): the server may have accepted it, so it becomes `unknown` now and is
   * never resent (at most once), with the SMTP facts known.
   */
  async recordUnknown(
    commandId: string,
    owner: string,
    errorMessage: string,
    locale: string,
    now: Date,
    facts: SmtpFacts,
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE deliveries SET status = 'unknown', error_code = 'OUTCOME_UNKNOWN', error_message = $3, locale = $4, unknown_at = $5, updated_at = $5,
                             lease_owner = NULL, lease_instance = NULL, lease_until = NULL, next_attempt_at = NULL,
                             smtp_stage = $6, smtp_response_code = $7
        WHERE command_id = $1 AND lease_owner = $2 AND status IN ('sending', 'unknown')`,
      [commandId, owner, errorMessage, locale, now, facts.stage, facts.responseCode ?? null],
    );
    return count > 0;
  }

  /** A final failure after SMTP answered (5xx, gave up). */
  async recordFailed(
    commandId: string,
    owner: string,
    errorCode: string,
    errorMessage: string,
    locale: string,
    now: Date,
    facts?: SmtpFacts,
  ): Promise<Delivery | null> {
    return this.finishOwned(commandId, owner, now, {
      status: 'failed',
      error_code: errorCode,
      error_message: errorMessage,
      locale,
      unknown_at: null,
      ...(facts ? { smtp_stage: facts.stage, smtp_response_code: facts.responseCode ?? null } : {}),
    });
  }

  /**
   * Gives up this holder's lease on rows still `queued` (they never reached its work queue): the
   * next poll round, of any dispatcher, takes them over instead of waiting for the lease to end.
   */
  async releaseQueued(commandIds: readonly string[], owner: string, now: Date): Promise<number> {
    if (commandIds.length === 0) return 0;
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE deliveries SET lease_until = $3, updated_at = $3
        WHERE command_id = ANY($1::text[]) AND lease_owner = $2 AND status = 'queued'`,
      [commandIds, owner, now],
    );
    return count;
  }

  /** Final outcomes decided before SMTP (suppressed, no address, template error), in one query. */
  async finishQueued(outcomes: FinalOutcome[], owner: string, now: Date): Promise<Delivery[]> {
    if (outcomes.length === 0) return [];
    const rows = outcomes.map((o) => ({
      command_id: o.commandId,
      status: o.status,
      error_code: o.errorCode,
      error_message: o.errorMessage,
      locale: o.locale ?? null,
    }));
    const [updated]: [DeliveryRecord[], number] = await this.dataSource.query(
      `UPDATE deliveries d SET status = v.status, error_code = v.error_code, error_message = v.error_message, locale = v.locale,
                               event_pending = true, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = $3
         FROM jsonb_to_recordset($1::jsonb) AS v(command_id text, status text, error_code text, error_message text, locale text)
        WHERE d.command_id = v.command_id AND d.lease_owner = $2 AND d.status = 'queued'
       RETURNING ${D_COLUMNS}`,
      [JSON.stringify(rows), owner, now],
    );
    return updated.map(toDelivery);
  }

  /**
   * Rows left in `sending` by a process that died between handing the email to SMTP and
   * recording the answer (its lease ran out, or its instance is dead). They become `unknown`,
   * never resent; `unknown_at` records when that was noticed. The holder keeps its lease owner,
   * so if it was alive after all, its answer still wins (see recordSent).
   */
  async expireSending(now: Date, deadInstances: readonly string[]): Promise<string[]> {
    const [rows]: [Array<{ command_id: string }>, number] = await this.dataSource.query(
      `UPDATE deliveries SET status = 'unknown', error_code = 'OUTCOME_UNKNOWN',
              error_message = 'The dispatcher stopped while SMTP had this email; not resent (at most once)', updated_at = $1, unknown_at = $1
        WHERE status = 'sending' AND (lease_until < $1 OR lease_instance = ANY($2::text[]))
       RETURNING command_id`,
      [now, deadInstances],
    );
    return rows.map((r) => r.command_id);
  }

  /** How many deliveries are `unknown` (for the gauge). */
  async countUnknown(): Promise<number> {
    const [row]: Array<{ count: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM deliveries WHERE status = 'unknown'`,
    );
    return Number(row?.count ?? 0);
  }

  /** Final rows whose activity event is not known to be published (a crash in between). */
  async withPendingEvents(olderThan: Date, limit: number): Promise<Delivery[]> {
    const rows: DeliveryRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliveries WHERE event_pending AND updated_at < $1 ORDER BY updated_at LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map(toDelivery);
  }

  async markEventsPublished(commandIds: string[]): Promise<void> {
    if (commandIds.length === 0) return;
    await this.dataSource.query(`UPDATE deliveries SET event_pending = false WHERE command_id = ANY($1)`, [commandIds]);
  }

  async find(commandId: string): Promise<Delivery | null> {
    const rows: DeliveryRecord[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliveries WHERE command_id = $1`,
      [commandId],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /**
   * Deletes finished deliveries (sent, failed, suppressed; their event published) last updated
   * before `before`, at most `limit` rows, skipping rows someone holds. `unknown` ones are kept
   * for review. Returns how many went.
   */
  async pruneFinished(before: Date, limit: number): Promise<number> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM deliveries WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM deliveries
          WHERE status IN ('sent', 'failed', 'suppressed') AND NOT event_pending AND updated_at < $1
          LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, limit],
    );
    return count;
  }

  private async finishOwned(
    commandId: string,
    owner: string,
    now: Date,
    set: Record<string, unknown>,
  ): Promise<Delivery | null> {
    const names = Object.keys(set);
    const assignments = names.map((name, i) => `${name} = $${i + 4}`).join(', ');
    const [rows]: [DeliveryRecord[], number] = await this.dataSource.query(
      `UPDATE deliveries SET ${assignments}, event_pending = true, lease_owner = NULL, lease_until = NULL, next_attempt_at = NULL, updated_at = $3
        WHERE command_id = $1 AND lease_owner = $2 AND status IN ('sending', 'unknown')
       RETURNING ${COLUMNS}`,
      [commandId, owner, now, ...names.map((name) => set[name])],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }
}

function toDelivery(r: DeliveryRecord): Delivery {
  return {
    commandId: r.command_id,
    commandType: r.command_type,
    customerId: r.customer_id,
    category: r.category,
    template: r.template,
    command: r.command,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    leaseOwner: r.lease_owner,
    messageId: r.message_id,
    locale: r.locale,
    smtpResponse: r.smtp_response,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    eventPending: r.event_pending,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    leaseInstance: r.lease_instance,
    sendingAt: r.sending_at,
    smtpStage: r.smtp_stage,
    smtpResponseCode: r.smtp_response_code,
    unknownAt: r.unknown_at,
  };
}

/** The first item of each command id, in order. */
function firstOccurrences<T extends { commandId: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.commandId) && Boolean(seen.add(item.commandId)));
}

/** `250 Queued as 1a2b` -> 250. */
function responseCodeOf(response: string): number | null {
  const match = /^\s*(\d{3})\b/.exec(response);
  return match ? Number(match[1]) : null;
}
