export { buildHeaders, messageIdFor, senderDomain, TEST_SUBJECT_PREFIX, testSubject } from './mail-headers';
export type { HeaderInput, PreparedHeader } from './mail-headers';
export { MailModule } from './mail.module';
export { MailerService } from './mailer.service';
export type { OutgoingEmail, SmtpAccepted } from './mailer.service';
export { RateLimiter } from './rate-limiter';
export { classifySmtpError } from './smtp-outcome';
export type { SmtpFailure, SmtpFailureKind } from './smtp-outcome';
export { TemplatePreviewService } from './template-preview.service';
export type {
  TemplatePreview,
  TemplatePreviewRequest,
  TemplateSummary,
  TestSendResult,
} from './template-preview.service';
