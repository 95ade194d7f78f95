import { DemoError } from './demo-gateway.client';

/** What the demo reads of a captured email. */
export interface InboxMessage {
  id: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
}

/**
 * The mailboxes of the demo's customers and support leads: the local SMTP capture's HTTP API
 * (SMTP_CAPTURE_URL, `GET /messages?to=<address>`), which `npm start` runs when SMTP_URL is unset.
 */
export class DemoInbox {
  constructor(readonly baseUrl: string) {}

  /** Fails with what to do when the capture does not answer. */
  async check(): Promise<void> {
    try {
      const response = await fetch(`${this.baseUrl}/messages?to=nobody%40example.invalid`, {
        signal: AbortSignal.timeout(5000),
      });
      if (response.ok) return;
    } catch {
      // reported below
    }
    throw new DemoError(
      `the SMTP capture at ${this.baseUrl} does not answer. The demo answers surveys through the links of the ` +
        'emails Postventa sends, read from the local SMTP capture that `npm start` runs when SMTP_URL is unset.',
    );
  }

  /** The emails sent to `address`, oldest first. */
  async messages(address: string): Promise<InboxMessage[]> {
    const response = await fetch(`${this.baseUrl}/messages?to=${encodeURIComponent(address)}`);
    if (!response.ok) throw new DemoError(`the SMTP capture answered ${response.status}`);
    return (await response.json()) as InboxMessage[];
  }
}
