// The dashboard's entry point: who is signed in, then every panel loads from the admin API.
/* global document */
import { get, loadSession, logout } from './api.js';
import { setupAlerts, loadAlerts } from './alerts.js';
import { openCustomer, setupCustomers, showAtRiskCustomers } from './customers.js';
import { byId, fill, h, panelState } from './dom.js';
import { renderFlows } from './flow-diagram.js';
import { loadInbox } from './inbox.js';
import { renderFunnel, renderKpiCards, renderSatisfaction } from './kpis.js';
import { loadTemplates, setupTemplates } from './templates.js';

const KPI_PANELS = ['kpis', 'funnel', 'satisfaction', 'flows'];

async function loadKpis() {
  for (const panel of KPI_PANELS) panelState(panel, 'loading');
  const days = Number(byId('filter-days').value);
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  try {
    const kpis = await get('/v1/kpis', {
      flow: byId('filter-flow').value,
      from: from.toISOString(),
      to: to.toISOString(),
      bucket: byId('filter-bucket').value,
    });
    renderKpiCards(kpis);
    renderFunnel(kpis);
    renderSatisfaction(kpis);
    renderFlows(kpis);
    fillFlowFilter(kpis);
  } catch (error) {
    for (const panel of KPI_PANELS) panelState(panel, 'error', `KPIs could not be loaded: ${error.message}`);
  }
}

/** The flow filter lists the flows of the last unfiltered answer. */
function fillFlowFilter(kpis) {
  const select = byId('filter-flow');
  if (kpis.period.flow) return;
  const current = select.value;
  fill(
    select,
    h('option', { value: '' }, 'All flows'),
    kpis.flows.map((flow) => h('option', { value: flow.id, selected: flow.id === current }, flow.name)),
  );
}

async function main() {
  const session = await loadSession();
  byId('user-name').textContent = `Signed in as ${session.user}`;
  byId('logout').addEventListener('click', () => void logout());
  byId('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadKpis();
  });
  setupAlerts(session, (id) => void openCustomer(id), showAtRiskCustomers);
  setupCustomers();
  setupTemplates();
  await Promise.all([loadKpis(), loadAlerts(), loadTemplates(), loadInbox()]);
  document.body.dataset.loaded = 'true';
}

main().catch((error) => {
  if (error?.status === 401) return;
  for (const panel of document.querySelectorAll('[data-panel]'))
    panelState(panel, 'error', `The dashboard could not start: ${error.message}`);
});
