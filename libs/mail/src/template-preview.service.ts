import { AppConfig, HealthRegistry, Logger } from '@postventa/platform';
import {
  FileTemplateSource,
  RenderContext,
  RenderedEmail,
  TemplateCatalog,
  TemplateCompiler,
  TemplateDefinition,
  TemplateErrorCode,
  TemplateRenderer,
  templateError,
  templateSampleSchema,
} from '@postventa/templates';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildHeaders, messageIdFor, senderDomain, testSubject } from './mail-headers';
import { MailerService } from './mailer.service';

/** What to preview: the template's own `sample.json`, with any of its parts replaced. */
export interface TemplatePreviewRequest {
  template: string;
  /** Wanted locale; default: the sample's, then the customer's, then the default locale. */
  locale?: string;
  /** Replaces the sample's `data`. */
  data?: Record<string, unknown>;
  /** Replaces the sample's `context`. */
  context?: RenderContext;
  /** Read the sample from this JSON file instead of `<template>/sample.json`. */
  sampleFile?: string;
}

export interface TemplatePreview extends RenderedEmail {
  template: string;
}

export interface TemplateSummary {
  id: string;
  locales: string[];
}

export interface TestSendResult {
  messageId: string;
  subject: string;
  /** The SMTP server's answer, e.g. `250 Queued as 1a2b`. */
  response: string;
}

/**
 * Preview and test send of a template, shared by `postventa templates preview` and the gateway's
 * admin API. Every preview reads the templates folder again (compiled templates are cached by
 * content hash), so an edited file shows at once. The SMTP pool is opened on the first test send
 * only, so rendering needs no SMTP server; `close()` releases it.
 */
export class TemplatePreviewService {
  readonly dir: string;
  private readonly source: FileTemplateSource;
  private readonly compiler = new TemplateCompiler();
  private mailer?: MailerService;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: Logger,
    dir?: string,
  ) {
    this.dir = resolve(dir ?? config.get('TEMPLATES_DIR'));
    this.source = new FileTemplateSource(this.dir);
  }

  async templates(): Promise<TemplateSummary[]> {
    const catalog = await this.source.load();
    return catalog.templates
      .map((t) => ({ id: t.id, locales: t.variants.map((v) => v.locale).sort() }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Renders without sending. Throws `TemplateError` (TEMPLATE_NOT_FOUND, MISSING_VARIABLE, INVALID_SAMPLE...). */
  async preview(request: TemplatePreviewRequest): Promise<TemplatePreview> {
    const catalog = await this.source.load();
    const definition = catalog.templates.find((t) => t.id === request.template);
    if (!definition)
      throw templateError(TemplateErrorCode.TemplateNotFound, `Template "${request.template}" not found`, {
        template: request.template,
      });
    const sample = await this.sample(request, definition, catalog);
    const renderer = new TemplateRenderer(
      { load: async (): Promise<TemplateCatalog> => catalog },
      { compiler: this.compiler },
    );
    const email = await renderer.render({
      template: request.template,
      locale: request.locale ?? sample.locale,
      context: request.context ?? (sample.context as RenderContext),
      data: request.data ?? sample.data,
    });
    return { template: request.template, ...email };
  }

  /** Sends one rendered email to `to`, marked as a test: subject `[TEST] ...`, `X-Postventa-Test: true`. */
  async sendTest(to: string, email: RenderedEmail): Promise<TestSendResult> {
    const mailer = (this.mailer ??= new MailerService(this.config, new HealthRegistry(), this.logger));
    const id = `test-${randomUUID()}`;
    const subject = testSubject(email.subject);
    await mailer.throttle();
    const accepted = await mailer.send({
      to,
      subject,
      html: email.html,
      text: email.text,
      messageId: messageIdFor(id, senderDomain(mailer.from)),
      headers: buildHeaders({ commandId: id, category: 'transactional', test: true }),
    });
    return { messageId: accepted.messageId, subject, response: accepted.response };
  }

  close(): void {
    this.mailer?.close();
    this.mailer = undefined;
  }

  /** Nest calls this when the service is a provider. */
  onApplicationShutdown(): void {
    this.close();
  }

  /** The sample to start from; may be left out only when the request brings its own context. */
  private async sample(
    request: TemplatePreviewRequest,
    definition: TemplateDefinition,
    catalog: TemplateCatalog,
  ): Promise<{ locale?: string; context?: unknown; data?: Record<string, unknown> }> {
    let raw = definition.sample;
    let where = definition.sampleOrigin ?? `${request.template}/sample.json`;
    if (request.sampleFile) {
      where = resolve(request.sampleFile);
      raw = JSON.parse(await readFile(where, 'utf8')) as unknown;
    }
    if (raw === undefined) {
      if (request.context) return {};
      const issue = catalog.issues.find((i) => i.origin === where);
      const reason = issue
        ? `${where}: ${issue.message}`
        : `${where} is missing: send a context to preview this template`;
      throw templateError(TemplateErrorCode.InvalidSample, reason, { template: request.template });
    }
    const parsed = templateSampleSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
      throw templateError(TemplateErrorCode.InvalidSample, `${where} is not a valid sample:\n${problems}`, {
        template: request.template,
      });
    }
    return parsed.data;
  }
}
