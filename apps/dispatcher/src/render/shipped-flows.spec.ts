import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isReservedEventType, sampleEvent } from '@postventa/contracts';
import { loadFlowFromYaml } from '@postventa/journeys';
import { FileTemplateSource, RenderContext, TemplateRenderer } from '@postventa/templates';
import { customerContext, linksFromData, orderFromData, surveyScores, templateData } from './render-context';

/**
 * Every email and survey step of the shipped flows must render with the data a real journey
 * gives it (the trigger event's data plus the step's own `data`), in every shipped language —
 * a template asking for something the flow never provides would fail each delivery.
 */
describe('shipped flows render with the data they provide', () => {
  const root = join(__dirname, '..', '..', '..', '..');
  const renderer = new TemplateRenderer(new FileTemplateSource(join(root, 'flows', 'templates')));
  const files = readdirSync(join(root, 'flows')).filter((f) => f.endsWith('.yaml'));
  const cases: Array<[string, string, string, Record<string, unknown>, 'nps' | 'csat' | 'ces' | undefined]> = [];
  for (const file of files) {
    const loaded = loadFlowFromYaml(readFileSync(join(root, 'flows', file), 'utf8'), file);
    if (!loaded.ok) throw new Error(`${file} does not load`);
    const trigger = loaded.flow.definition.trigger.event;
    const eventData = isReservedEventType(trigger) ? (sampleEvent(trigger).data as Record<string, unknown>) : {};
    for (const step of loaded.flow.definition.steps) {
      if (step.type !== 'email' && step.type !== 'survey') continue;
      const data = { ...eventData, ...(step.data ?? {}) };
      cases.push([file, step.id, step.template, data, step.type === 'survey' ? step.kind : undefined]);
    }
  }

  it.each(cases.flatMap((c) => ['es', 'en', 'pt'].map((locale) => [...c, locale] as const)))(
    '%s step %s (%s) renders',
    async (_file, _step, template, data, kind, locale) => {
      const context: RenderContext = {
        brand: { name: 'Postventa', address: 'Calle Mayor 1, Madrid', support_email: 'help@shop.example' },
        customer: customerContext({ email: 'ana@example.com', name: 'Ana Ruiz', locale, timezone: 'Europe/Madrid' }),
        links: linksFromData(data),
        unsubscribeUrl: 'https://postventa.example/u/token',
      };
      const order = orderFromData(data);
      if (order) context.order = order;
      if (kind)
        context.survey = {
          kind,
          links: surveyScores(kind).map((score) => ({ score, url: `https://postventa.example/s/t?score=${score}` })),
        };
      const rendered = await renderer.render({ template, locale, data: templateData(data), context });
      expect(rendered.subject.length).toBeGreaterThan(5);
      expect(rendered.html).not.toContain('undefined');
    },
  );
});
