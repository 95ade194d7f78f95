// Customer search (GET /v1/customers?query=) and one customer's risk and timeline.
import { get } from './api.js';
import { byId, facts, fill, formatTime, h, panelState } from './dom.js';

export function setupCustomers() {
  byId('customer-search').addEventListener('submit', (event) => {
    event.preventDefault();
    void search(byId('customer-query').value.trim());
  });
}

/** The panel's first content: the customers of the at-risk queue, until a search replaces them. */
export function showAtRiskCustomers(alerts) {
  if (byId('customer-results').dataset.query) return;
  const seen = new Map();
  for (const alert of alerts)
    if (!seen.has(alert.customer_id))
      seen.set(alert.customer_id, { id: alert.customer_id, risk_level: alert.severity });
  showResults([...seen.values()], 'Customers with open alerts');
  panelState('customers', 'ready');
}

function customersOf(result) {
  const list = result?.customers ?? result?.items ?? [];
  return list.map((c) => ({ ...c, id: c.id ?? c.customer_id }));
}

async function search(query) {
  if (!query) return;
  try {
    const found = customersOf(await get('/v1/customers', { query, limit: 20 }));
    byId('customer-results').dataset.query = query;
    showResults(found, `Customers matching “${query}”`);
    if (found.length === 1) await openCustomer(found[0].id);
    if (found.length === 0)
      fill(byId('customer-detail'), h('p', { class: 'muted' }, `No customer matches “${query}”.`));
  } catch (error) {
    fill(byId('customer-detail'), h('p', { class: 'panel-error', role: 'alert' }, `Search failed: ${error.message}`));
  }
}

function showResults(customers, label) {
  byId('customer-results').setAttribute('aria-label', label);
  fill(
    byId('customer-results'),
    customers.map((customer) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-customer': customer.id, onclick: () => void openCustomer(customer.id) },
          customer.id,
          customer.email ? h('span', { class: 'muted' }, ` · ${customer.email}`) : null,
          customer.name ? h('span', { class: 'muted' }, ` · ${customer.name}`) : null,
          customer.risk_level ? h('span', { class: 'muted' }, ` · risk ${customer.risk_level}`) : null,
        ),
      ),
    ),
  );
}

/** Shows a customer's risk and timeline (also opened from the at-risk queue). */
export async function openCustomer(id) {
  for (const button of byId('customer-results').querySelectorAll('button'))
    button.setAttribute('aria-current', String(button.dataset.customer === id));
  const detail = byId('customer-detail');
  fill(detail, h('p', { class: 'muted' }, `Loading ${id}…`));
  try {
    const path = `/v1/customers/${encodeURIComponent(id)}`;
    const [profile, journeys, timeline, risk] = await Promise.all([
      get(path),
      get(`${path}/journeys`, { limit: 20 }),
      get(`${path}/timeline`, { limit: 100 }),
      get(`${path}/risk`),
    ]);
    fill(
      detail,
      h('h3', { id: 'customer-title', tabindex: '-1' }, profile.name ? `${profile.name} (${id})` : `Customer ${id}`),
      h(
        'div',
        { class: 'customer-grid' },
        h(
          'div',
          {},
          facts(
            [
              ['Email', profile.email ?? '–'],
              ['Language', profile.locale ?? '–'],
              ['Time zone', profile.timezone ?? '–'],
              ['First seen', formatTime(profile.first_seen_at)],
              ['Last seen', formatTime(profile.last_seen_at)],
              ['Events', String(profile.event_count)],
              ['Journeys', `${profile.journeys.total} (${profile.journeys.open} open)`],
              ['Risk', `${risk.level} (${Math.round(risk.score)})`],
              ['Why', risk.reasons.map((r) => r.detail || r.code).join('; ') || '–'],
              ['Open alerts', String(profile.open_alerts)],
            ],
            { class: 'meta' },
          ),
          h('h4', {}, 'Journeys'),
          h(
            'ul',
            { class: 'journeys' },
            journeys.journeys.map((j) =>
              h(
                'li',
                {},
                h('strong', {}, `${j.flow.id} v${String(j.flow.version).slice(0, 8)}`),
                ` · ${j.status}`,
                j.current_step ? ` at ${j.current_step}` : '',
                j.outcome ? ` · ${j.outcome}` : '',
                h('br'),
                h('span', { class: 'muted' }, `entered ${formatTime(j.entered_at)}`),
              ),
            ),
          ),
        ),
        h(
          'div',
          {},
          h('h4', {}, 'Timeline'),
          h(
            'ol',
            { class: 'timeline', 'aria-label': `Timeline of ${id}, newest first`, 'data-customer': id },
            timeline.items.map((item) =>
              h(
                'li',
                { 'data-kind': item.kind },
                h('time', { datetime: item.at }, formatTime(item.at)),
                h('span', { class: 'kind' }, item.kind),
                h('strong', {}, item.type),
                ' ',
                item.summary,
              ),
            ),
          ),
        ),
      ),
    );
    if (timeline.items.length === 0)
      detail.append(h('p', { class: 'muted' }, 'Nothing recorded for this customer yet.'));
    byId('customers').scrollIntoView({ block: 'start' });
    byId('customer-title').focus({ preventScroll: true });
  } catch (error) {
    fill(detail, h('p', { class: 'panel-error', role: 'alert' }, `Customer ${id}: ${error.message}`));
  }
}
