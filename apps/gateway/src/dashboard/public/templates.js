// Template preview per locale: the subject from POST /v1/templates/:id/preview, the email itself in
// a sandboxed frame served by /dashboard/preview/templates/:id (its own CSP, no script).
/* global URLSearchParams */
import { get, post } from './api.js';
import { byId, facts, fill, h, panelState } from './dom.js';

let templates = [];

export function setupTemplates() {
  byId('template-id').addEventListener('change', () => showLocales());
  byId('template-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void preview();
  });
}

export async function loadTemplates() {
  try {
    templates = (await get('/v1/templates')).templates;
    fill(
      byId('template-id'),
      templates.map((t) => h('option', { value: t.id }, t.id)),
    );
    showLocales();
    if (templates.length === 0) return panelState('templates', 'empty', 'No templates found.');
    await preview();
  } catch (error) {
    panelState('templates', 'error', `Templates could not be loaded: ${error.message}`);
  }
}

function showLocales() {
  const template = templates.find((t) => t.id === byId('template-id').value);
  const current = byId('template-locale').value;
  fill(
    byId('template-locale'),
    (template?.locales ?? []).map((locale) =>
      h('option', { value: locale, selected: locale === current }, localeName(locale)),
    ),
  );
}

function localeName(locale) {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale);
    return name ? `${name} (${locale})` : locale;
  } catch {
    return locale;
  }
}

async function preview() {
  const id = byId('template-id').value;
  const locale = byId('template-locale').value;
  if (!id) return;
  try {
    const email = await post(`/v1/templates/${encodeURIComponent(id)}/preview`, locale ? { locale } : {});
    const meta = facts([
      ['Subject', email.subject],
      ['Preheader', email.preheader || '–'],
      ['Language', localeName(email.locale)],
    ]);
    fill(byId('template-meta'), Array.from(meta.childNodes));
    byId('template-meta').dataset.locale = email.locale;
    const params = new URLSearchParams(locale ? { locale } : {});
    byId('template-frame').src = `/dashboard/preview/templates/${encodeURIComponent(id)}?${params}`;
    panelState('templates', 'ready');
  } catch (error) {
    fill(byId('template-meta'));
    panelState('templates', 'error', `Preview failed: ${error.message}`);
  }
}
