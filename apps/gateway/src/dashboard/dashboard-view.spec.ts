import { basicPassword } from './dashboard-auth.guard';
import { flowSteps, Kpis, npsFromDistribution, parseDays } from './dashboard-kpis';
import { renderDashboard } from './dashboard-view';

const empty = (): Kpis => ({
  period: { days: 30, from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T00:00:00.000Z' },
  funnel: { orders: 0, journeysEntered: 0, firstUse: 0, surveysAnswered: 0, promoters: 0, reviewRequestsSent: 0 },
  emails: { sent: 0, opened: 0, clicked: 0, bounced: 0, suppressed: 0 },
  nps: npsFromDistribution([]),
  alerts: { open: 0, openBySeverity: [], openByReason: [], raised: 0, acknowledged: 0, avgAcknowledgeSeconds: null },
  trend: [],
  flows: [],
});

describe('dashboard view', () => {
  it('renders an empty period with zeros and "no data yet", without scripts or external assets', () => {
    const html = renderDashboard(empty());
    expect(html).toContain('<svg');
    expect(html).toContain('No data yet.');
    expect(html).toContain('NPS –');
    expect(html).not.toMatch(/<script|src=|<link/i);
  });

  it('draws the funnel with conversions, the NPS columns, the trend line and a flow diagram', () => {
    const kpis = empty();
    kpis.funnel = {
      orders: 4,
      journeysEntered: 4,
      firstUse: 2,
      surveysAnswered: 2,
      promoters: 1,
      reviewRequestsSent: 1,
    };
    kpis.nps = npsFromDistribution([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    kpis.trend = [
      { day: '2026-01-30', journeysEntered: 1 },
      { day: '2026-01-31', journeysEntered: 3 },
    ];
    kpis.flows = [
      {
        id: 'f',
        name: 'Flow',
        version: 2,
        status: 'active',
        steps: flowSteps({
          steps: [
            { id: 'wait', type: 'wait_for', on_event: 'score', on_timeout: 'end' },
            { id: 'score', type: 'branch', cases: [{ when: 'event.data.score <= 6', next: 'sorry' }], else: 'end' },
            { id: 'sorry', type: 'email' },
          ],
        }),
        stepCounts: { wait: 4, score: 2 },
      },
    ];
    const html = renderDashboard(kpis);
    expect(html).toContain('50% of previous');
    expect(html).toContain('NPS 0');
    expect(html).toContain('<polyline points="');
    expect(html).toContain('wait · wait_for');
    expect(html).toContain('when event.data.score &#60;= 6');
    expect(html).toContain('on timeout');
    expect(html).toMatch(/class="count">4</);
  });

  it('escapes every value', () => {
    const kpis = empty();
    kpis.alerts.openByReason = [{ key: '<img src=x onerror=alert(1)>', count: 1 }];
    kpis.flows = [
      {
        id: '"><script>',
        name: '<b>x</b>',
        version: 1,
        status: 'active',
        steps: flowSteps({ steps: [{ id: '<s>', type: 'email' }] }),
        stepCounts: {},
      },
    ];
    const html = renderDashboard(kpis);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});

describe('dashboard KPI helpers', () => {
  it('computes NPS from the distribution', () => {
    expect(npsFromDistribution([1, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0])).toMatchObject({
      responses: 4,
      detractors: 1,
      passives: 1,
      promoters: 2,
      score: 25,
    });
  });

  it('turns a stored definition into boxes and labelled arrows, skipping what is malformed', () => {
    expect(
      flowSteps({
        steps: [
          { id: 'a', type: 'email' },
          { id: 'b', type: 'split', variants: [{ name: 'A', percent: 50, next: 'a' }] },
          { type: 'x' },
          { id: 'c', type: 'exit' },
        ],
      }),
    ).toEqual([
      { id: 'a', type: 'email', edges: [{ to: 'b' }] },
      { id: 'b', type: 'split', edges: [{ to: 'a', label: 'A 50%' }] },
      { id: 'c', type: 'exit', edges: [] },
    ]);
    expect(flowSteps(null)).toEqual([]);
  });

  it('reads ?days and a Basic password', () => {
    expect(parseDays(undefined)).toBe(30);
    expect(parseDays('7')).toBe(7);
    expect(parseDays('0')).toBeNull();
    expect(parseDays('abc')).toBeNull();
    expect(basicPassword(`Basic ${Buffer.from('ana:k:ey').toString('base64')}`)).toBe('k:ey');
    expect(basicPassword('Bearer key')).toBeUndefined();
  });
});
