import { escapeHtml } from '@postventa/engagement';
import { CountByKey, FlowKpis, Kpis } from './dashboard-kpis';

const e = escapeHtml;
const NO_DATA = '<p class="empty">No data yet.</p>';

interface Bar {
  label: string;
  value: number;
  note?: string;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((part / whole) * 100)}%`;
}

/** Horizontal bars scaled to the largest value; `note` is printed after the value. */
function horizontalBars(bars: readonly Bar[], title: string): string {
  const rowHeight = 30;
  const labelWidth = 190;
  const barWidth = 380;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = i * rowHeight;
    const w = Math.round((b.value / max) * barWidth);
    return (
      `<text x="${labelWidth - 8}" y="${y + 19}" text-anchor="end">${e(b.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 5}" width="${Math.max(w, 1)}" height="20" rx="3" class="bar"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 19}">${e(b.value)}${b.note ? ` <tspan class="muted">${e(b.note)}</tspan>` : ''}</text>`
    );
  });
  const width = labelWidth + barWidth + 150;
  return `<svg role="img" aria-label="${e(title)}" viewBox="0 0 ${width} ${bars.length * rowHeight}" width="${width}">${rows.join('')}</svg>`;
}

function funnelPanel(k: Kpis): string {
  const f = k.funnel;
  const stages: Array<[string, string, number]> = [
    ['FMOT', 'Orders', f.orders],
    ['FMOT', 'Journeys entered', f.journeysEntered],
    ['SMOT', 'First use reached', f.firstUse],
    ['SMOT', 'Surveys answered', f.surveysAnswered],
    ['TMOT', 'Promoters', f.promoters],
    ['TMOT', 'Review requests sent', f.reviewRequestsSent],
  ];
  const bars = stages.map(([moment, label, value], i) => ({
    label: `${moment} · ${label}`,
    value,
    note: i === 0 ? undefined : `${percent(value, stages[i - 1][2])} of previous`,
  }));
  return panel('Moments of truth', horizontalBars(bars, 'Moments of truth funnel'), 'wide');
}

function emailsPanel(k: Kpis): string {
  const m = k.emails;
  const bars: Bar[] = [
    { label: 'Sent', value: m.sent },
    { label: 'Opened', value: m.opened, note: percent(m.opened, m.sent) },
    { label: 'Clicked', value: m.clicked, note: percent(m.clicked, m.sent) },
    { label: 'Bounced', value: m.bounced },
    { label: 'Suppressed', value: m.suppressed },
  ];
  return panel('Emails', horizontalBars(bars, 'Emails'));
}

function npsPanel(k: Kpis): string {
  const n = k.nps;
  const colWidth = 36;
  const height = 140;
  const max = Math.max(1, ...n.distribution);
  const cols = n.distribution.map((count, score) => {
    const h = Math.round((count / max) * (height - 20));
    const x = score * colWidth + 4;
    const cls = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
    return (
      `<rect x="${x}" y="${height - h}" width="${colWidth - 8}" height="${h}" class="${cls}"/>` +
      `<text x="${x + (colWidth - 8) / 2}" y="${height - h - 4}" text-anchor="middle">${e(count)}</text>` +
      `<text x="${x + (colWidth - 8) / 2}" y="${height + 16}" text-anchor="middle" class="muted">${score}</text>`
    );
  });
  const width = 11 * colWidth + 8;
  const chart = `<svg role="img" aria-label="NPS score distribution" viewBox="0 0 ${width} ${height + 22}" width="${width}">${cols.join('')}</svg>`;
  const summary =
    `<p class="big">NPS ${n.score === null ? '–' : e(n.score)}</p>` +
    `<p>${e(n.responses)} answers · <span class="t-detractor">${e(n.detractors)} detractors</span> · ` +
    `<span class="t-passive">${e(n.passives)} passives</span> · <span class="t-promoter">${e(n.promoters)} promoters</span></p>`;
  return panel('NPS', summary + chart);
}

function duration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function table(rows: readonly CountByKey[], heading: string): string {
  if (rows.length === 0) return `<p class="empty">No open alerts by ${e(heading)}.</p>`;
  return `<table><tr><th>${e(heading)}</th><th>open</th></tr>${rows.map((r) => `<tr><td>${e(r.key)}</td><td>${e(r.count)}</td></tr>`).join('')}</table>`;
}

function alertsPanel(k: Kpis): string {
  const a = k.alerts;
  const body =
    `<p class="big">${e(a.open)} open</p>` +
    `<p>${e(a.raised)} raised, ${e(a.acknowledged)} acknowledged in the period · average time to acknowledge: ${e(duration(a.avgAcknowledgeSeconds))}</p>` +
    `<div class="cols">${table(a.openBySeverity, 'severity')}${table(a.openByReason, 'reason')}</div>`;
  return panel('Alerts', body);
}

function trendPanel(k: Kpis): string {
  const points = k.trend;
  if (points.length === 0) return panel('Journeys entered per day', NO_DATA, 'wide');
  const width = 760;
  const height = 160;
  const left = 40;
  const max = Math.max(1, ...points.map((p) => p.journeysEntered));
  const step = points.length > 1 ? (width - left - 10) / (points.length - 1) : 0;
  const xy = points.map((p, i) => [left + i * step, 10 + (height - 20) * (1 - p.journeysEntered / max)] as const);
  const line = xy.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const dots = xy
    .map(
      ([x, y], i) =>
        `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="2.5"><title>${e(points[i].day)}: ${e(points[i].journeysEntered)}</title></circle>`,
    )
    .join('');
  const axis =
    `<line x1="${left}" y1="${height - 10}" x2="${width - 10}" y2="${height - 10}" class="axis"/>` +
    `<text x="${left - 6}" y="14" text-anchor="end" class="muted">${e(max)}</text>` +
    `<text x="${left - 6}" y="${height - 10}" text-anchor="end" class="muted">0</text>` +
    `<text x="${left}" y="${height + 8}" class="muted">${e(points[0].day)}</text>` +
    `<text x="${width - 10}" y="${height + 8}" text-anchor="end" class="muted">${e(points[points.length - 1].day)}</text>`;
  const total = points.reduce((s, p) => s + p.journeysEntered, 0);
  const chart = `<svg role="img" aria-label="Journeys entered per day" viewBox="0 0 ${width} ${height + 12}" width="${width}">${axis}<polyline points="${line}" class="line"/>${dots}</svg>`;
  return panel('Journeys entered per day', `<p>${e(total)} in ${e(points.length)} days</p>${chart}`, 'wide');
}

/** Boxes in a column; the arrow to the step just below is straight, others loop on the right, labelled. */
export function flowDiagram(flow: FlowKpis): string {
  if (flow.steps.length === 0) return NO_DATA;
  const boxX = 70;
  const boxW = 260;
  const boxH = 34;
  const gap = 22;
  const rowH = boxH + gap;
  const ids = [...flow.steps.map((s) => s.id), 'end'];
  const row = new Map(ids.map((id, i) => [id, i]));
  const top = (i: number) => 10 + i * rowH;
  const marker = `arrow-${flow.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const parts: string[] = [];
  ids.forEach((id, i) => {
    const step = flow.steps[i];
    const y = top(i);
    const label = step ? `${step.id} · ${step.type}` : 'end';
    parts.push(`<rect x="${boxX}" y="${y}" width="${boxW}" height="${boxH}" rx="6" class="${step ? 'step' : 'end'}"/>`);
    parts.push(`<text x="${boxX + 10}" y="${y + 22}">${e(label)}</text>`);
    if (step)
      parts.push(
        `<text x="${boxX - 8}" y="${y + 22}" text-anchor="end" class="count">${e(flow.stepCounts[step.id] ?? 0)}</text>`,
      );
  });
  let lane = 0;
  flow.steps.forEach((step, i) => {
    let side = 0; // edges leaving this box sideways: each starts lower and labels on its own line
    for (const edge of step.edges) {
      const target = row.get(edge.to);
      if (target === undefined) {
        parts.push(
          `<text x="${boxX + boxW + 8}" y="${top(i) + 14}" class="muted">→ ${e(edge.to)}${edge.label ? ` (${e(edge.label)})` : ''}</text>`,
        );
        continue;
      }
      if (target === i + 1) {
        const x = boxX + boxW / 2;
        parts.push(
          `<line x1="${x}" y1="${top(i) + boxH}" x2="${x}" y2="${top(target) - 2}" class="edge" marker-end="url(#${marker})"/>`,
        );
        if (edge.label)
          parts.push(`<text x="${x + 6}" y="${top(i) + boxH + 15}" class="edge-label">${e(edge.label)}</text>`);
        continue;
      }
      lane += 1;
      const out = boxX + boxW + 14 + lane * 16;
      const y1 = top(i) + 8 + Math.min(side, 3) * 6;
      const y2 = top(target) + boxH / 2 - 6;
      parts.push(
        `<path d="M${boxX + boxW},${y1} H${out} V${y2} H${boxX + boxW + 2}" class="edge" marker-end="url(#${marker})"/>`,
      );
      if (edge.label)
        parts.push(
          `<text x="${out + 4}" y="${y2 > y1 ? y1 + 12 + side * 13 : y1 - 4 - side * 13}" class="edge-label">${e(edge.label)}</text>`,
        );
      side += 1;
    }
  });
  const width = boxX + boxW + 40 + lane * 16 + 220;
  const height = top(ids.length);
  const defs = `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>`;
  return `<svg role="img" aria-label="${e(`Flow ${flow.id}`)}" viewBox="0 0 ${width} ${height}" width="${width}">${defs}${parts.join('')}</svg>`;
}

function flowsPanel(k: Kpis): string {
  if (k.flows.length === 0) return panel('Flows', NO_DATA, 'wide');
  const body = k.flows
    .map(
      (f) =>
        `<h3>${e(f.name)} <span class="muted">${e(f.id)} v${e(f.version)} · ${e(f.status)} · journeys per step in the period on the left</span></h3>${flowDiagram(f)}`,
    )
    .join('');
  return panel('Flows', body, 'wide');
}

function panel(title: string, body: string, size: 'wide' | 'normal' = 'normal'): string {
  return `<section class="panel ${size}"><h2>${e(title)}</h2>${body}</section>`;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#b8c0cc}
main{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px;padding:16px 24px}
.panel{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow-x:auto}.panel.wide{grid-column:1/-1}
h2{font-size:16px;margin:0 0 8px}h3{font-size:14px;margin:16px 0 6px}svg{max-width:100%;height:auto;font-size:12px}
.bar{fill:#3b6fd8}.detractor{fill:#d9534f}.passive{fill:#f0ad4e}.promoter{fill:#3aa76d}
.t-detractor{color:#b52f2b}.t-passive{color:#a86d12}.t-promoter{color:#237a4d}
.line{fill:none;stroke:#3b6fd8;stroke-width:2}circle{fill:#3b6fd8}.axis{stroke:#c5cad3}
.step{fill:#eef3fd;stroke:#3b6fd8}.end{fill:#eceef2;stroke:#8a93a3}.edge{fill:none;stroke:#5b6473;stroke-width:1.2}.arrow{fill:#5b6473}
.edge-label{fill:#5b6473;font-size:11px}.count{font-weight:600;fill:#3b6fd8}.muted{color:#6b7483;fill:#6b7483;font-weight:normal;font-size:12px}
.big{font-size:22px;font-weight:600;margin:4px 0}.empty{color:#6b7483;font-style:italic}
.cols{display:flex;gap:24px}table{border-collapse:collapse}td,th{padding:2px 10px 2px 0;text-align:left}th{color:#6b7483;font-weight:normal}
`;

/** The whole dashboard page: inline CSS and SVG, no script, no external assets. */
export function renderDashboard(kpis: Kpis): string {
  const { period } = kpis;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Postventa KPIs</title><style>${STYLE}</style></head>
<body><header><h1>Postventa KPIs</h1><p>Last ${e(period.days)} days · ${e(period.from)} – ${e(period.to)} · JSON: <a style="color:#fff" href="/v1/kpis?days=${e(period.days)}">/v1/kpis</a></p></header>
<main>${funnelPanel(kpis)}${emailsPanel(kpis)}${npsPanel(kpis)}${alertsPanel(kpis)}${trendPanel(kpis)}${flowsPanel(kpis)}</main>
</body></html>`;
}
