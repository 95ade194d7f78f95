// The at-risk queue: alerts from /v1/alerts with assign / acknowledge / resolve / reopen.
import { get, post } from './api.js';
import { byId, fill, formatTime, h, panelState, toast } from './dom.js';

const ACTIONS = {
  assign: { title: 'Assign alert', confirm: 'Assign', owner: true },
  acknowledge: { title: 'Acknowledge alert', confirm: 'Acknowledge' },
  resolve: { title: 'Resolve alert', confirm: 'Resolve' },
  reopen: { title: 'Reopen alert', confirm: 'Reopen' },
  comments: { title: 'Comment on alert', confirm: 'Comment', noteRequired: true },
};

let user = '';
let openCustomer = () => {};
let pending;
let opener;
let onLoaded = () => {};

export function setupAlerts(session, onCustomer, loaded) {
  user = session.user;
  openCustomer = onCustomer;
  onLoaded = loaded;
  byId('alert-state').addEventListener('change', () => void loadAlerts());
  byId('alert-dialog-cancel').addEventListener('click', () => byId('alert-dialog').close());
  byId('alert-dialog').addEventListener('close', () => opener?.focus());
  byId('alert-dialog-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void confirmAction();
  });
}

export async function loadAlerts() {
  panelState('alerts', 'loading');
  try {
    const state = byId('alert-state').value;
    const states = state === 'active' ? ['open', 'acknowledged'] : [state];
    const lists = await Promise.all(states.map((st) => get('/v1/alerts', { state: st, limit: 100 })));
    const alerts = lists
      .flatMap((list) => list.alerts)
      .sort(
        (a, b) =>
          severityRank(b.severity) - severityRank(a.severity) ||
          String(a.sla_due_at).localeCompare(String(b.sla_due_at)),
      );
    fill(byId('alert-rows'), alerts.map(row));
    onLoaded(alerts);
    byId('alert-message').textContent =
      alerts.length === 100 * states.length ? 'Showing the first 100 of each state.' : '';
    panelState('alerts', alerts.length ? 'ready' : 'empty', alerts.length ? undefined : 'No alerts in this state.');
  } catch (error) {
    panelState('alerts', 'error', `Alerts could not be loaded: ${error.message}`);
  }
}

function severityRank(severity) {
  return { critical: 4, high: 3, medium: 2, low: 1 }[severity] ?? 0;
}

function row(alert) {
  const actions = [];
  if (alert.state !== 'resolved') {
    actions.push(button('assign', alert));
    if (alert.state === 'open') actions.push(button('acknowledge', alert));
    actions.push(button('resolve', alert));
  } else {
    actions.push(button('reopen', alert));
  }
  actions.push(button('comments', alert));
  const overdue = alert.state !== 'resolved' && alert.sla_due_at && new Date(alert.sla_due_at) < new Date();
  return h(
    'tr',
    { 'data-alert': alert.id, 'data-state': alert.state },
    h('td', {}, h('span', { class: `badge sev-${alert.severity}` }, alert.severity)),
    h(
      'td',
      {},
      alert.reason,
      alert.reasons?.length > 1 ? h('span', { class: 'muted' }, ` +${alert.reasons.length - 1}`) : null,
    ),
    h(
      'td',
      {},
      h(
        'button',
        { type: 'button', class: 'link-button', onclick: () => openCustomer(alert.customer_id) },
        alert.customer_id,
      ),
    ),
    h('td', {}, h('span', { class: `badge state-${alert.state}` }, alert.state)),
    h('td', {}, alert.owner ?? h('span', { class: 'muted' }, 'nobody')),
    h('td', {}, h('time', { datetime: alert.raised_at }, formatTime(alert.raised_at))),
    h(
      'td',
      { class: overdue ? 'error' : undefined },
      h('time', { datetime: alert.sla_due_at }, formatTime(alert.sla_due_at)),
      overdue ? ' (overdue)' : null,
    ),
    h('td', {}, h('div', { class: 'row-actions' }, actions)),
  );
}

function button(action, alert) {
  return h(
    'button',
    {
      type: 'button',
      'data-action': action,
      'aria-label': `${ACTIONS[action].confirm} alert ${alert.reason} of ${alert.customer_id}`,
      onclick: (event) => openDialog(action, alert, event.currentTarget),
    },
    ACTIONS[action].confirm,
  );
}

function openDialog(action, alert, from) {
  pending = { action, alert };
  opener = from;
  const spec = ACTIONS[action];
  byId('alert-dialog-title').textContent = spec.title;
  byId('alert-dialog-summary').textContent = `${alert.severity} · ${alert.reason} · customer ${alert.customer_id}`;
  byId('alert-dialog-owner-row').hidden = !spec.owner;
  byId('alert-dialog-owner').required = !!spec.owner;
  byId('alert-dialog-owner').value = alert.owner ?? user;
  byId('alert-dialog-note').value = '';
  byId('alert-dialog-note').required = !!spec.noteRequired;
  byId('alert-dialog-error').textContent = '';
  byId('alert-dialog-confirm').textContent = spec.confirm;
  byId('alert-dialog').showModal();
  (spec.owner ? byId('alert-dialog-owner') : byId('alert-dialog-note')).focus();
}

async function confirmAction() {
  if (!pending) return;
  const { action, alert } = pending;
  const note = byId('alert-dialog-note').value.trim() || undefined;
  const body = action === 'comments' ? { author: user, body: note } : { actor: user, note };
  if (action === 'assign') body.owner = byId('alert-dialog-owner').value.trim();
  const confirm = byId('alert-dialog-confirm');
  confirm.disabled = true;
  try {
    const updated = await post(`/v1/alerts/${encodeURIComponent(alert.id)}/${action}`, body);
    byId('alert-dialog').close();
    toast(
      action === 'comments'
        ? `Comment added to the alert of ${alert.customer_id}`
        : `Alert ${updated.reason} of ${updated.customer_id} is ${updated.state}${updated.owner ? ` (owner ${updated.owner})` : ''}`,
    );
    pending = undefined;
    await loadAlerts();
  } catch (error) {
    byId('alert-dialog-error').textContent = error.message;
  } finally {
    confirm.disabled = false;
  }
}
