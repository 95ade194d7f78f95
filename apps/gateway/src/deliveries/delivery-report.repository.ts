import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const DELIVERY_OUTCOMES = ['queued', 'sending', 'retry', 'sent', 'failed', 'suppressed', 'unknown'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One delivery as the admin API shows it: the command, and what is known of its SMTP conversation. */
export interface DeliveryReport {
  command_id: string;
  customer_id: string;
  status: DeliveryOutcome;
  template: string;
  category: string;
  flow_id: string | null;
  flow_version: number | null;
  journey_id: string | null;
  step_id: string | null;
  message_id: string;
  attempts: number;
  smtp: {
    /** The last stage reached: `handed_to_smtp` (no answer recorded), `accepted`, or the command the server refused. */
    last_stage: string | null;
    response_code: number | null;
    response: string | null;
    handed_to_smtp_at: string | null;
  };
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  updated_at: string;
  unknown_since: string | null;
}

interface Row {
  command_id: string;
  customer_id: string;
  status: DeliveryOutcome;
  template: string;
  category: string;
  flow_id: string | null;
  flow_version: number | null;
  journey_id: string | null;
  step_id: string | null;
  message_id: string;
  attempts: number;
  smtp_stage: string | null;
  smtp_response_code: number | null;
  smtp_response: string | null;
  sending_at: Date | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Date;
  updated_at: Date;
  unknown_at: Date | null;
}

/** Reads the deliveries table for the admin API (the dispatcher writes it). */
@Injectable()
export class DeliveryReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first (unknown ones by when they were found unknown). */
  async list(outcome: DeliveryOutcome, limit: number): Promise<DeliveryReport[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT command_id, customer_id, status, template, category, command->'flow'->>'id' AS flow_id, (command->'flow'->>'version')::int AS flow_version,
              command->>'journey_id' AS journey_id, command->>'step_id' AS step_id, message_id, attempts, smtp_stage, smtp_response_code,
              smtp_response, sending_at, error_code, error_message, created_at, updated_at, unknown_at
         FROM deliveries
        WHERE status = $1
        ORDER BY coalesce(unknown_at, updated_at) DESC, command_id
        LIMIT $2`,
      [outcome, limit],
    );
    return rows.map((r) => ({
      command_id: r.command_id,
      customer_id: r.customer_id,
      status: r.status,
      template: r.template,
      category: r.category,
      flow_id: r.flow_id,
      flow_version: r.flow_version === null ? null : Number(r.flow_version),
      journey_id: r.journey_id,
      step_id: r.step_id,
      message_id: r.message_id,
      attempts: r.attempts,
      smtp: {
        last_stage: r.smtp_stage,
        response_code: r.smtp_response_code,
        response: r.smtp_response,
        handed_to_smtp_at: iso(r.sending_at),
      },
      error_code: r.error_code,
      error_message: r.error_message,
      created_at: new Date(r.created_at).toISOString(),
      updated_at: new Date(r.updated_at).toISOString(),
      unknown_since: iso(r.unknown_at),
    }));
  }
}

function iso(value: Date | null): string | null {
  return value ? new Date(value).toISOString() : null;
}
