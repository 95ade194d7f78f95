import type { AppConfig } from '@postventa/platform';

export interface DeliveryLeases {
  /** How long a `sending` row is held: one SMTP conversation, with room to spare. */
  sendingMs: number;
  /**
   * How long a `queued` row is held by a live worker: a whole batch at the SMTP rate limit.
   * A dead process's rows do not wait for this: its instance is known dead within
   * DISPATCHER_INSTANCE_TIMEOUT_MS (or at once when it restarts under its name).
   */
  queuedMs: number;
}

export function deliveryLeases(config: AppConfig): DeliveryLeases {
  const sendingMs = config.get('SMTP_CONNECTION_TIMEOUT_MS') + 2 * config.get('SMTP_SEND_TIMEOUT_MS') + 2000;
  const rate = config.get('SMTP_RATE_LIMIT');
  const batchMs = rate > 0 ? (config.get('DISPATCHER_BATCH_SIZE') / rate) * 1000 : 0;
  return { sendingMs, queuedMs: Math.max(60_000, 2 * (batchMs + sendingMs)) };
}

export function after(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}
