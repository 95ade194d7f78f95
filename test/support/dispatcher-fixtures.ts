import type { EmailSendCommand, SurveySendCommand } from '@postventa/contracts';
import { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';

/** A customer profile as the engine would have written it. */
export async function insertCustomer(
  db: DataSource,
  customer: {
    id: string;
    email: string | null;
    name?: string;
    locale?: string;
    timezone?: string;
    consent?: Record<string, boolean>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO customers (id, email, name, locale, timezone, consent, first_seen_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, now(), now())
     ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, locale = EXCLUDED.locale, consent = EXCLUDED.consent`,
    [
      customer.id,
      customer.email,
      customer.name ?? null,
      customer.locale ?? null,
      customer.timezone ?? null,
      JSON.stringify(customer.consent ?? {}),
    ],
  );
}

const base = (commandId: string, customerId: string) => ({
  command_id: commandId,
  customer_id: customerId,
  journey_id: `jrn_${customerId}`,
  flow: { id: 'test-flow', version: 3 },
  step_id: 'step_1',
  moment: 'tmot' as const,
  issued_at: '2026-03-01T10:00:00Z',
});

export function emailCommand(
  commandId: string,
  customerId: string,
  overrides: Partial<EmailSendCommand> = {},
): EmailSendCommand {
  return {
    ...base(commandId, customerId),
    type: 'email.send',
    template: 'review-request',
    category: 'marketing',
    data: {
      product_name: 'Lámpara Arco',
      links: { review: 'https://shop.example/review/LM-1', referral: 'https://shop.example/referral/LM-1' },
    },
    ...overrides,
  };
}

export function surveyCommand(
  commandId: string,
  customerId: string,
  overrides: Partial<SurveySendCommand> = {},
): SurveySendCommand {
  return {
    ...base(commandId, customerId),
    type: 'survey.send',
    template: 'nps-survey',
    survey: { kind: 'nps', survey_id: `srv_${commandId}` },
    order_id: `ord_${customerId}`,
    data: {},
    ...overrides,
  };
}

/** Publishes commands on the commands topic keyed by customer id (or on one partition). */
export async function publishCommands(
  producer: Producer,
  topic: string,
  commands: Array<EmailSendCommand | SurveySendCommand>,
  partition?: number,
): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: commands.map((c) => ({
      key: c.customer_id,
      value: JSON.stringify(c),
      ...(partition === undefined ? {} : { partition }),
    })),
  });
}

export const TEST_LINK_SECRET = 'test-link-signing-secret-0123456789abcdef';
