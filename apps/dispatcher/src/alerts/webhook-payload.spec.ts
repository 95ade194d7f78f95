import type { AlertRecord } from '@postventa/alerts';
import { isRetryableStatus, webhookBody } from './webhook-payload';

const alert = {
  id: 'al_1',
  customerId: 'cus_42',
  reason: 'detractor',
  reasons: [{ code: 'detractor', detail: 'NPS answer of 3 on 2026-01-10' }],
  severity: 'high',
  state: 'open',
  team: 'care',
  owner: 'ana@support.example.com',
  signalCount: 2,
  riskScore: 50,
  raisedAt: '2026-01-10T10:00:00.000Z',
  slaDueAt: '2026-01-10T14:00:00.000Z',
  escalatedAt: null,
} as AlertRecord;

describe('webhook body', () => {
  it('is Slack-compatible: a text with severity, customer, reason, owner and the acknowledge link', () => {
    const body = webhookBody(
      alert,
      'raised',
      { customerName: 'Lucía', acknowledgeUrl: 'https://pv.example/alerts/al_1/acknowledge?t=1' },
      '2026-01-10T10:00:05.000Z',
    );
    expect(body.type).toBe('alert.raised');
    expect(body.text).toBe(
      [
        '*[HIGH] At-risk customer: Lucía (cus_42)*',
        'Reason: detractor: NPS answer of 3 on 2026-01-10',
        'Team: care · Owner: ana@support.example.com · Signals: 2',
        '<https://pv.example/alerts/al_1/acknowledge?t=1|Acknowledge and take ownership>',
      ].join('\n'),
    );
    expect(body.alert).toMatchObject({
      id: 'al_1',
      customer_id: 'cus_42',
      severity: 'high',
      owner: 'ana@support.example.com',
      links: { acknowledge: 'https://pv.example/alerts/al_1/acknowledge?t=1' },
    });
  });

  it('says who an escalation goes to', () => {
    const body = webhookBody(
      alert,
      'escalated',
      { customerName: null, acknowledgeUrl: 'https://x.example/a', escalatedTo: 'boss@support.example.com' },
      '2026-01-10T10:00:05.000Z',
    );
    expect(body.text).toContain('ESCALATED');
    expect(body.text).toContain('Escalated to: boss@support.example.com');
    expect(body.text).toContain('cus_42');
  });

  it('escapes outside text so it cannot become a link, a mention or a broadcast', () => {
    const hostile = '<https://evil.test/phish|Acknowledge> <!channel>';
    const body = webhookBody(
      { ...alert, reasons: [{ code: 'detractor', detail: 'said <@U1> & <!here>' }] },
      'raised',
      { customerName: hostile, acknowledgeUrl: 'https://pv.example/alerts/al_1/acknowledge?as=a&token=b' },
      '2026-01-10T10:00:05.000Z',
    );
    const text = String(body.text);
    expect(text).toContain('&lt;https://evil.test/phish|Acknowledge&gt; &lt;!channel&gt;');
    expect(text).toContain('said &lt;@U1&gt; &amp; &lt;!here&gt;');
    expect(text).toContain(
      '<https://pv.example/alerts/al_1/acknowledge?as=a&amp;token=b|Acknowledge and take ownership>',
    );
    expect(text.match(/</g)).toHaveLength(1);
    // Machines get the raw values.
    expect(body.alert).toMatchObject({ customer_name: hostile });
  });
});

describe('retries', () => {
  it.each([
    [undefined, true],
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [404, false],
    [410, false],
  ])('retries HTTP %s: %s', (status, retry) => {
    expect(isRetryableStatus(status)).toBe(retry);
  });
});
