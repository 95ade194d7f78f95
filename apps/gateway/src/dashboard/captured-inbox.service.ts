import { Injectable } from '@nestjs/common';
import { AppConfig } from '@postventa/platform';
import { DashboardError, DashboardErrorCode } from './dashboard.error';

/** How many of the newest captured emails the dashboard lists. */
export const INBOX_LIMIT = 50;
/** How far back an email can be opened (the capture keeps everything; the dashboard reads the newest). */
const LOOKUP_LIMIT = 1000;

export interface CapturedEmailSummary {
  id: string;
  receivedAt: string;
  from: string | null;
  to: string[];
  subject: string | null;
}

interface CapturedEmail extends CapturedEmailSummary {
  html: string | null;
  text: string | null;
}

/**
 * The local SMTP capture's inbox (SMTP_CAPTURE_URL, set when `npm start` or the tests run the
 * capture server), read through the gateway so the dashboard needs no second origin. Without
 * SMTP_CAPTURE_URL (a real SMTP server) there is no inbox.
 */
@Injectable()
export class CapturedInboxService {
  private readonly url: string | undefined;

  constructor(config: AppConfig) {
    this.url = config.get('SMTP_CAPTURE_URL');
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  /** The newest captured emails first. */
  async list(): Promise<CapturedEmailSummary[]> {
    const messages = await this.messages(INBOX_LIMIT);
    return messages
      .slice(-INBOX_LIMIT)
      .reverse()
      .map(({ id, receivedAt, from, to, subject }) => ({ id, receivedAt, from, to, subject }));
  }

  /** One captured email's HTML (or its text as preformatted HTML). */
  async body(id: string): Promise<{ html: string | null; text: string | null }> {
    const message = (await this.messages(LOOKUP_LIMIT)).find((m) => m.id === id);
    if (!message) throw new DashboardError(DashboardErrorCode.NotFound, `No captured email ${id}`);
    return { html: message.html, text: message.text };
  }

  /** The newest `limit` captured emails, oldest first. */
  private async messages(limit: number): Promise<CapturedEmail[]> {
    if (!this.url)
      throw new DashboardError(DashboardErrorCode.InboxDisabled, 'No local inbox: SMTP_CAPTURE_URL is not set');
    try {
      const response = await fetch(`${this.url.replace(/\/$/, '')}/messages?limit=${limit}`, {
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as CapturedEmail[];
    } catch (error) {
      throw new DashboardError(
        DashboardErrorCode.InboxUnavailable,
        `The local SMTP capture did not answer: ${(error as Error).message}`,
      );
    }
  }
}
