// KPI panels from GET /v1/kpis: a card per moment of truth, the funnels, the NPS / CSAT trend.
/* global window */
import { byId, facts, fill, formatNumber, formatRate, formatSeconds, h, panelState, s } from './dom.js';

const MOMENTS = [
  { key: 'fmot', title: 'FMOT · purchase' },
  { key: 'smot', title: 'SMOT · first use' },
  { key: 'tmot', title: 'TMOT · sharing' },
];

export function renderKpiCards(kpis) {
  const group = (key) => kpis.by_moment.find((g) => g.key === key);
  const headline = {
    fmot: {
      value: kpis.funnel.orders,
      label: 'orders',
      extra: [
        ['Delivered orders', formatNumber(kpis.funnel.delivered_orders)],
        ['Journeys entered', formatNumber(kpis.funnel.journeys_entered)],
        ['Emails sent', formatNumber(kpis.emails.totals.sent)],
        ['Open rate', formatRate(kpis.emails.totals.open_rate)],
      ],
    },
    smot: {
      value: kpis.first_use.converted,
      label: 'reached first use',
      extra: [
        ['Delivered → first use', formatRate(kpis.first_use.conversion_rate)],
        ['Median time to first use', formatSeconds(kpis.first_use.median_seconds_to_first_use)],
        ['Surveys answered', formatNumber(kpis.funnel.surveys_answered)],
        ['Refund / return rate', formatRate(kpis.outcomes.refund_rate)],
      ],
    },
    tmot: {
      value: kpis.tmot.promoters,
      label: 'promoters',
      extra: [
        ['Review requests sent', formatNumber(kpis.tmot.review_requests_sent)],
        ['Review requests clicked', formatNumber(kpis.tmot.review_requests_clicked)],
        ['Promoter click rate', formatRate(kpis.tmot.promoter_click_rate)],
        ['Repeat purchase rate', formatRate(kpis.outcomes.repeat_purchase_rate)],
      ],
    },
  };
  const cards = MOMENTS.map(({ key, title }) => {
    const steps = group(key);
    const card = headline[key];
    return h(
      'article',
      { class: `card ${key}`, 'aria-labelledby': `card-${key}`, 'data-moment': key },
      h('h3', { id: `card-${key}` }, title),
      h('p', { class: 'big' }, formatNumber(card.value), h('span', { class: 'muted' }, ` ${card.label}`)),
      facts([
        ...card.extra,
        ['Steps reached', steps ? formatNumber(steps.entered) : '–'],
        ['Drop-off at steps', steps ? formatRate(steps.drop_off_rate) : '–'],
      ]),
    );
  });
  const alerts = kpis.alerts;
  cards.push(
    h(
      'article',
      { class: 'card', 'aria-labelledby': 'card-alerts', 'data-moment': 'alerts' },
      h('h3', { id: 'card-alerts' }, 'At risk'),
      h('p', { class: 'big' }, formatNumber(alerts.open), h('span', { class: 'muted' }, ' open alerts')),
      facts([
        ['Raised in period', formatNumber(alerts.raised)],
        ['Resolved in period', formatNumber(alerts.resolved)],
        ['Escalated', formatNumber(alerts.escalated)],
        ['Mean time to acknowledge', formatSeconds(alerts.mean_seconds_to_acknowledge)],
      ]),
    ),
  );
  fill(byId('kpi-cards'), cards);
  const empty = kpis.funnel.orders === 0 && kpis.funnel.journeys_entered === 0;
  panelState('kpis', empty ? 'empty' : 'ready', empty ? 'No orders or journeys in this period yet.' : undefined);
}

/** Horizontal bars (SVG): one row per stage, with its share of the stage before (when it is a share). */
function bars(rows, title) {
  const width = 560;
  const rowHeight = 30;
  const labelWidth = 210;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`,
    role: 'img',
    'aria-label': `${title}: ${rows.map((r) => `${r.label} ${r.value}`).join(', ')}`,
  });
  rows.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const barWidth = Math.max(row.value > 0 ? 2 : 0, ((width - labelWidth - 110) * row.value) / max);
    const previous = i > 0 ? rows[i - 1].value : 0;
    const share = previous > 0 && row.value <= previous ? ` (${Math.round((row.value / previous) * 100)}%)` : '';
    svg.append(
      s('text', { x: 0, y: y + 18, class: 'bar-label' }, row.label),
      s('rect', { x: labelWidth, y: y + 4, width: width - labelWidth - 110, height: 20, rx: 3, class: 'bar-track' }),
      s('rect', { x: labelWidth, y: y + 4, width: barWidth, height: 20, rx: 3, class: `bar-${row.moment ?? 'none'}` }),
      s('text', { x: width - 104, y: y + 18, class: 'bar-value' }, `${formatNumber(row.value)}${share}`),
    );
  });
  return svg;
}

export function renderFunnel(kpis) {
  const f = kpis.funnel;
  const overall = [
    { label: 'Orders', value: f.orders, moment: 'fmot' },
    { label: 'Journeys entered', value: f.journeys_entered, moment: 'fmot' },
    { label: 'Reached first use', value: f.first_use, moment: 'smot' },
    { label: 'Surveys answered', value: f.surveys_answered, moment: 'smot' },
    { label: 'Promoters', value: f.promoters, moment: 'tmot' },
    { label: 'Review requests sent', value: f.review_requests_sent, moment: 'tmot' },
  ];
  const parts = [h('div', { class: 'funnel' }, h('h3', {}, 'All flows'), bars(overall, 'All flows'))];
  const quiet = kpis.flows.filter((flow) => flow.entered === 0);
  for (const flow of [...kpis.flows].sort((a, b) => b.entered - a.entered)) {
    if (flow.steps.length === 0 || flow.entered === 0) continue;
    const rows = [
      { label: 'Entered the flow', value: flow.entered, moment: flow.steps[0]?.moment },
      ...flow.steps.map((step) => ({ label: step.name ?? step.id, value: step.entered, moment: step.moment })),
    ];
    parts.push(
      h(
        'div',
        { class: 'funnel', 'data-flow': flow.id },
        h(
          'h3',
          {},
          `${flow.name} `,
          h('span', { class: 'muted' }, `v${flow.version} · ${formatRate(flow.conversion_rate)} converted`),
        ),
        bars(rows, flow.name),
      ),
    );
  }
  if (quiet.length)
    parts.push(h('p', { class: 'muted' }, `No journeys in this period: ${quiet.map((flow) => flow.name).join(', ')}.`));
  fill(byId('funnel-body'), parts);
  const empty = f.orders === 0 && f.journeys_entered === 0;
  panelState('funnel', empty ? 'empty' : 'ready', empty ? 'Nothing has entered a flow in this period.' : undefined);
}

let trendChart;

export function renderSatisfaction(kpis) {
  const overall = kpis.satisfaction.overall;
  fill(
    byId('satisfaction-summary'),
    facts(
      [
        ['NPS', overall.nps.score === null ? '–' : String(Math.round(overall.nps.score))],
        [
          'NPS answers',
          `${formatNumber(overall.nps.responses)} (${formatNumber(overall.nps.promoters)} promoters, ${formatNumber(overall.nps.detractors)} detractors)`,
        ],
        [
          'CSAT',
          overall.csat.average === null
            ? '–'
            : `${overall.csat.average.toFixed(2)} / 5 · ${formatRate(overall.csat.positive_rate)} satisfied`,
        ],
        ['CSAT answers', formatNumber(overall.csat.responses)],
        ['Survey response rate', formatRate(overall.response_rate)],
      ],
      { class: 'stats' },
    ),
  );
  const labels = kpis.trend.map((p) => p.bucket_start);
  const data = {
    labels,
    datasets: [
      {
        type: 'line',
        label: 'NPS',
        data: kpis.trend.map((p) => p.nps),
        yAxisID: 'nps',
        borderColor: '#8a4baf',
        backgroundColor: '#8a4baf',
        spanGaps: true,
        tension: 0.25,
      },
      {
        type: 'line',
        label: 'CSAT % satisfied',
        data: kpis.trend.map((p) => (p.csat === null ? null : Math.round(p.csat * 100))),
        yAxisID: 'nps',
        borderColor: '#d9822b',
        backgroundColor: '#d9822b',
        spanGaps: true,
        tension: 0.25,
      },
      {
        type: 'bar',
        label: 'Surveys answered',
        data: kpis.trend.map((p) => p.surveys_answered),
        yAxisID: 'count',
        backgroundColor: 'rgba(27, 122, 74, 0.55)',
      },
      {
        type: 'bar',
        label: 'Journeys entered',
        data: kpis.trend.map((p) => p.journeys_entered),
        yAxisID: 'count',
        backgroundColor: 'rgba(31, 95, 191, 0.35)',
      },
    ],
  };
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      nps: { type: 'linear', position: 'left', min: -100, max: 100, title: { display: true, text: 'NPS / CSAT %' } },
      count: {
        type: 'linear',
        position: 'right',
        beginAtZero: true,
        grid: { drawOnChartArea: false },
        title: { display: true, text: 'count' },
      },
    },
    plugins: { legend: { position: 'bottom' } },
  };
  if (trendChart) {
    trendChart.data = data;
    trendChart.update();
  } else if (window.Chart) {
    trendChart = new window.Chart(byId('trend-chart'), { data, options });
  }
  byId('trend-chart').setAttribute(
    'aria-label',
    `NPS, CSAT and survey answers by ${kpis.period.bucket}: ${
      kpis.trend
        .filter((p) => p.nps !== null || p.csat !== null)
        .map((p) =>
          [
            p.bucket_start,
            p.nps === null ? null : `NPS ${Math.round(p.nps)}`,
            p.csat === null ? null : `CSAT ${Math.round(p.csat * 100)}% satisfied`,
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('; ') || 'no NPS or CSAT answers yet'
    }`,
  );
  const empty = overall.nps.responses === 0 && overall.csat.responses === 0;
  panelState('satisfaction', empty ? 'empty' : 'ready', empty ? 'No survey answers in this period yet.' : undefined);
}
