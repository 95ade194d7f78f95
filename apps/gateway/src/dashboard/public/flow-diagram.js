// Flow diagrams: each published flow's steps laid out by dagre and drawn as SVG (DOM APIs only),
// with the journeys that reached each step in the period and how many stopped there.
/* global document, window */
import { byId, fill, formatNumber, h, panelState, s } from './dom.js';

const NODE_WIDTH = 200;
const NODE_HEIGHT = 64;
let flows = [];
let selected;

export function renderFlows(kpis) {
  flows = kpis.flows.filter((flow) => flow.steps.length > 0);
  // Busiest flow first.
  if (!flows.some((flow) => flow.id === selected)) selected = [...flows].sort((a, b) => b.entered - a.entered)[0]?.id;
  const tabs = flows.map((flow) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `flow-tab-${flow.id}`,
        'aria-selected': String(flow.id === selected),
        'aria-controls': 'flow-diagram',
        tabindex: flow.id === selected ? '0' : '-1',
        'data-flow': flow.id,
        onclick: () => select(flow.id),
        onkeydown: (event) => moveTab(event, flow.id),
      },
      flow.name,
    ),
  );
  fill(byId('flow-tabs'), tabs);
  if (flows.length === 0) {
    fill(byId('flow-diagram'), h('p', { class: 'muted' }, 'No published flow yet.'));
    panelState('flows', 'empty', 'Publish a flow to see it here.');
    return;
  }
  draw();
  panelState('flows', 'ready');
}

function select(id) {
  selected = id;
  for (const tab of byId('flow-tabs').querySelectorAll('[role="tab"]')) {
    const on = tab.dataset.flow === id;
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  draw();
}

function moveTab(event, id) {
  const index = flows.findIndex((flow) => flow.id === id);
  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
  if (!step) return;
  event.preventDefault();
  const next = flows[(index + step + flows.length) % flows.length];
  select(next.id);
  document.getElementById(`flow-tab-${next.id}`)?.focus();
}

function draw() {
  const flow = flows.find((f) => f.id === selected);
  const container = byId('flow-diagram');
  container.setAttribute('aria-labelledby', `flow-tab-${flow.id}`);
  if (!window.dagre) {
    fill(container, h('p', { class: 'panel-error' }, 'The diagram library did not load.'));
    return;
  }
  const graph = new window.dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 56, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(flow.steps.map((step) => step.id));
  for (const step of flow.steps) graph.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT, step });
  const endTargets = new Set();
  flow.steps.forEach((step) => {
    step.edges.forEach((edge, i) => {
      let target = edge.to;
      if (!ids.has(target)) {
        target = `__end:${edge.to}`;
        if (!endTargets.has(target)) {
          endTargets.add(target);
          graph.setNode(target, { width: 90, height: 32, end: edge.to });
        }
      }
      const label = edge.label ?? '';
      graph.setEdge(
        step.id,
        target,
        { label, width: label ? label.length * 6.5 + 8 : 0, height: label ? 16 : 0 },
        `${step.id}-${i}`,
      );
    });
  });
  window.dagre.layout(graph);
  const size = graph.graph();
  const svg = s('svg', {
    width: Math.ceil(size.width),
    height: Math.ceil(size.height),
    viewBox: `0 0 ${Math.ceil(size.width)} ${Math.ceil(size.height)}`,
    role: 'img',
    'aria-label': `${flow.name}: ${flow.steps.map((step) => `${step.name ?? step.id} ${step.entered} reached`).join(', ')}`,
    'data-flow': flow.id,
  });
  svg.append(
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }),
      ),
    ),
  );
  for (const e of graph.edges()) {
    const edge = graph.edge(e);
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    svg.append(s('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' }));
    if (edge.label)
      svg.append(s('text', { x: edge.x, y: edge.y + 4, 'text-anchor': 'middle', class: 'edge-label' }, edge.label));
  }
  for (const id of graph.nodes()) {
    const node = graph.node(id);
    const x = node.x - node.width / 2;
    const y = node.y - node.height / 2;
    if (node.end !== undefined) {
      svg.append(
        s(
          'g',
          { class: 'node end' },
          s('rect', { x, y, width: node.width, height: node.height, rx: 16 }),
          s('text', { x: node.x, y: node.y + 4, 'text-anchor': 'middle', class: 'node-sub' }, node.end),
        ),
      );
      continue;
    }
    const step = node.step;
    const moment = step.moment ?? 'none';
    const kind = [step.type, step.category ?? step.survey_kind, step.moment?.toUpperCase()].filter(Boolean).join(' · ');
    svg.append(
      s(
        'g',
        { class: `node ${moment}`, 'data-step': step.id },
        s(
          'title',
          {},
          `${step.name ?? step.id}: ${step.entered} reached, ${step.completed} got past, ${step.drop_off} stopped here`,
        ),
        s('rect', { x, y, width: node.width, height: node.height, rx: 8 }),
        s('rect', { x, y, width: 6, height: node.height, class: `node-band ${moment}` }),
        s('text', { x: x + 14, y: y + 20, class: 'node-title' }, truncate(step.name ?? step.id, 24)),
        s('text', { x: x + 14, y: y + 36, class: 'node-sub' }, truncate(kind, 32)),
        s(
          'text',
          { x: x + 14, y: y + 55, class: 'node-count', 'data-count': step.entered },
          formatNumber(step.entered),
        ),
        step.drop_off > 0
          ? s(
              'text',
              { x: x + node.width - 10, y: y + 55, 'text-anchor': 'end', class: 'node-drop' },
              `${formatNumber(step.drop_off)} stopped`,
            )
          : null,
      ),
    );
  }
  fill(
    container,
    svg,
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Moments' },
      h('li', { class: 'fmot' }, 'FMOT'),
      h('li', { class: 'smot' }, 'SMOT'),
      h('li', { class: 'tmot' }, 'TMOT'),
      h('li', {}, 'no moment'),
    ),
  );
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
