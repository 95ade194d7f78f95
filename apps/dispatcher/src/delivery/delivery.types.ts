import type { EmailCategory, EmailSendCommand, SurveySendCommand } from '@postventa/contracts';

/** The commands the dispatcher turns into email. */
export type EmailCommand = EmailSendCommand | SurveySendCommand;

/**
 * - `queued`: recorded, not handed to SMTP yet (held by a lease while someone works on it, also
 *   while it waits for a free SMTP conversation);
 * - `sending`: claimed with an SMTP conversation in hand, committed, then handed over at once;
 *   outcome not recorded yet (at most SMTP_POOL_SIZE per dispatcher process);
 * - `retry`: a temporary failure; `next_attempt_at` says when the retry poller sends it again;
 * - `sent`, `failed`, `suppressed`: final;
 * - `unknown`: the process died while SMTP had it. Never resent automatically (at most once).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'retry' | 'sent' | 'failed' | 'suppressed' | 'unknown';

export interface Delivery {
  commandId: string;
  commandType: EmailCommand['type'];
  customerId: string;
  category: EmailCategory;
  template: string;
  command: EmailCommand;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  leaseOwner: string | null;
  messageId: string;
  locale: string | null;
  smtpResponse: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  eventPending: boolean;
  updatedAt: Date;
  sentAt: Date | null;
  /** The dispatcher process holding the lease (dispatcher_instances.instance_id). */
  leaseInstance: string | null;
  /** When the latest attempt was handed to SMTP. */
  sendingAt: Date | null;
  /** The last SMTP stage known: `handed_to_smtp`, `accepted`, or the command the server refused. */
  smtpStage: string | null;
  smtpResponseCode: number | null;
  /** When the outcome was found to be unknown. */
  unknownAt: Date | null;
}

/** Surveys go with marketing for consent: an unsubscribed customer gets neither. */
export function categoryOf(command: EmailCommand): EmailCategory {
  return command.type === 'survey.send' ? 'marketing' : command.category;
}

/** Error codes of deliveries that failed before or without SMTP. */
export const DeliveryErrorCode = {
  Suppressed: 'SUPPRESSED',
  NoAddress: 'NO_ADDRESS',
  TemplateError: 'TEMPLATE_ERROR',
  GaveUp: 'GAVE_UP',
  /** The server refused the recipient for good (5xx on RCPT TO); the address is suppressed. */
  HardBounce: 'HARD_BOUNCE',
  /** The server refused the message for good (other 5xx). */
  Rejected: 'REJECTED',
} as const;
