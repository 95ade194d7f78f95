import type { CapturedMessage } from '@postventa/dev-services';

/** Reads what the SMTP capture received, through its HTTP API (SMTP_CAPTURE_URL). */
export class SmtpCaptureClient {
  constructor(private readonly baseUrl = process.env.SMTP_CAPTURE_URL) {}

  get available(): boolean {
    return Boolean(this.baseUrl);
  }

  async messages(to?: string): Promise<CapturedMessage[]> {
    if (!this.baseUrl) throw new Error('SMTP_CAPTURE_URL is not set');
    const response = await fetch(`${this.baseUrl}/messages${to ? `?to=${encodeURIComponent(to)}` : ''}`);
    return (await response.json()) as CapturedMessage[];
  }

  /** Polls until `count` messages for `to` arrived (or `timeoutMs` passes) and returns them. */
  async waitFor(to: string, count = 1, timeoutMs = 20_000): Promise<CapturedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.messages(to);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async failWith(code: number, recipients?: string[]): Promise<void> {
    await fetch(`${this.baseUrl}/failure`, { method: 'PUT', body: JSON.stringify({ code, recipients }) });
  }

  async recover(): Promise<void> {
    await fetch(`${this.baseUrl}/failure`, { method: 'DELETE' });
  }
}
