import { Injectable } from '@nestjs/common';
import { AppConfig } from '@postventa/platform';

export interface WebhookResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** The one door to outgoing HTTP for alert webhooks: a POST with a timeout. */
@Injectable()
export class WebhookClient {
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.timeoutMs = config.get('ALERT_WEBHOOK_TIMEOUT_MS');
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<WebhookResult> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'user-agent': 'Postventa-Alerts/1', ...headers },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { ok: true, status: response.status };
      return {
        ok: false,
        status: response.status,
        error: `HTTP ${response.status}${text ? `: ${text.slice(0, 500)}` : ''}`,
      };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return { ok: false, error: cause?.code ?? cause?.message ?? (error as Error).message };
    }
  }
}
