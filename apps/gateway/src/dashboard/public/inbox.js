// Local mode: the emails the local SMTP capture caught, read through the gateway (/dashboard/inbox).
import { get } from './api.js';
import { byId, fill, formatTime, h, panelState } from './dom.js';

export async function loadInbox() {
  try {
    const inbox = await get('/dashboard/inbox');
    if (!inbox.enabled) return;
    byId('inbox').hidden = false;
    byId('inbox-link').hidden = false;
    fill(
      byId('inbox-list'),
      inbox.messages.map((message) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', 'data-message': message.id, onclick: () => show(message.id) },
            h('strong', {}, message.subject ?? '(no subject)'),
            h('br'),
            h('span', { class: 'muted' }, `${message.to.join(', ')} · ${formatTime(message.receivedAt)}`),
          ),
        ),
      ),
    );
    if (inbox.messages.length === 0) return panelState('inbox', 'empty', 'No email captured yet.');
    show(inbox.messages[0].id);
    panelState('inbox', 'ready');
  } catch (error) {
    byId('inbox').hidden = false;
    panelState('inbox', 'error', `The local inbox could not be read: ${error.message}`);
  }
}

function show(id) {
  for (const button of byId('inbox-list').querySelectorAll('button'))
    button.setAttribute('aria-current', String(button.dataset.message === id));
  byId('inbox-frame').src = `/dashboard/inbox/${encodeURIComponent(id)}`;
}
