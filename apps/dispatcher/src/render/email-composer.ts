import { Inject, Injectable } from '@nestjs/common';
import { LinkOrigin, LinkSigner } from '@postventa/engagement';
import { buildHeaders, OutgoingEmail } from '@postventa/mail';
import { RenderContext, TemplateRenderer } from '@postventa/templates';
import { AppConfig, Clock } from '@postventa/platform';
import { EmailCommand, categoryOf } from '../delivery/delivery.types';
import {
  brandFromConfig,
  customerContext,
  linksFromData,
  orderFromData,
  RecipientProfile,
  surveyScores,
  templateData,
} from './render-context';

export const TEMPLATE_RENDERER = Symbol('TEMPLATE_RENDERER');

export interface ComposedEmail {
  email: OutgoingEmail;
  /** The template variant used (`es` for an `es-MX` customer). */
  locale: string;
  templateVersion: string;
}

/**
 * Turns a command into the email to send: renders its template in the customer's language with
 * signed survey, unsubscribe, click and open links, and sets the headers. Throws the templates'
 * `TemplateError` when the template cannot be rendered (missing variable, unknown template).
 */
@Injectable()
export class EmailComposer {
  private readonly ttlMs: number;

  constructor(
    @Inject(TEMPLATE_RENDERER) private readonly renderer: TemplateRenderer,
    private readonly links: LinkSigner,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.ttlMs = config.get('SURVEY_TOKEN_TTL_DAYS') * 86_400_000;
  }

  async compose(command: EmailCommand, recipient: RecipientProfile, messageId: string): Promise<ComposedEmail> {
    const category = categoryOf(command);
    const origin: LinkOrigin = {
      customerId: command.customer_id,
      commandId: command.command_id,
      flowId: command.flow.id,
      flowVersion: command.flow.version,
      stepId: command.step_id,
      journeyId: command.journey_id,
      template: command.template,
      ...(command.order_id ? { orderId: command.order_id } : {}),
    };
    const wanted = command.locale ?? recipient.locale ?? undefined;
    const locale = await this.renderer.resolveLocale(command.template, wanted);
    const context: RenderContext = {
      brand: brandFromConfig(this.config),
      customer: customerContext(recipient),
      links: linksFromData(command.data),
    };
    const order = orderFromData(command.data);
    if (order) context.order = order;
    if (command.type === 'survey.send') {
      const expiresAt = new Date(this.clock.now().getTime() + this.ttlMs);
      const survey = {
        kind: 'survey' as const,
        ...origin,
        surveyId: command.survey.survey_id,
        surveyKind: command.survey.kind,
        locale,
        expiresAt,
      };
      context.survey = {
        kind: command.survey.kind,
        links: surveyScores(command.survey.kind).map((score) => ({ score, url: this.links.url(survey, score) })),
      };
    }
    const unsubscribeUrl =
      category === 'marketing'
        ? this.links.url({ kind: 'unsubscribe', ...origin, category: 'marketing', locale })
        : undefined;
    if (unsubscribeUrl) context.unsubscribeUrl = unsubscribeUrl;

    let index = 0;
    const own = `${this.links.baseUrl}/`;
    const rendered = await this.renderer.render({
      template: command.template,
      locale: wanted,
      data: templateData(command.data),
      context,
      // Survey and unsubscribe links are ours already; everything else goes through the click tracker.
      rewriteLink: (url) =>
        url.startsWith(own) || !isHttpUrl(url)
          ? url
          : this.links.url({ kind: 'click', ...origin, url, index: index++ }),
    });
    const pixel = `<img src="${this.links.url({ kind: 'open', ...origin })}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">`;
    const html = rendered.html.includes('</body>')
      ? rendered.html.replace('</body>', `${pixel}\n</body>`)
      : `${rendered.html}\n${pixel}`;
    return {
      email: {
        to: recipient.email,
        subject: rendered.subject,
        html,
        text: rendered.text,
        messageId,
        headers: buildHeaders({
          commandId: command.command_id,
          category,
          ...(unsubscribeUrl ? { unsubscribeUrl } : {}),
        }),
      },
      locale: rendered.locale,
      templateVersion: rendered.templateVersion,
    };
  }
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
