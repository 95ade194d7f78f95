import { MailerService } from '@postventa/mail';
import { AppConfig, createLogger, HealthRegistry } from '@postventa/platform';
import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { SmtpCaptureClient } from './support/smtp-capture.client';

/**
 * What one email costs on the wire: a pooled connection sends MAIL FROM, RCPT TO and DATA, then
 * the message in one write and the end of data. nodemailer streams a message part by part, and
 * each part written as it comes was a system call, a packet and a wake-up of the server (about
 * ten more writes per email).
 */
describe('MailerService on a real SMTP server', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;
  const smtpPort = Number(new URL(process.env.SMTP_URL ?? 'smtp://127.0.0.1:0').port);
  let mailer: MailerService;
  const writes: number[] = [];
  const write = Socket.prototype._write;
  const writev = Socket.prototype._writev;

  beforeAll(() => {
    const config = AppConfig.fromEnvironment({ ...process.env, SMTP_POOL_SIZE: '1', SMTP_RATE_LIMIT: '0' });
    mailer = new MailerService(config, new HealthRegistry(), createLogger({ name: 'test', level: 'error' }));
    // Counts the writes on sockets to the SMTP server (the pool's connection).
    const count = (socket: Socket) => {
      if (socket.remotePort === smtpPort) writes.push(Date.now());
    };
    Socket.prototype._write = function (this: Socket, ...args: Parameters<typeof write>) {
      count(this);
      return write.apply(this, args);
    };
    Socket.prototype._writev = function (this: Socket, ...args: Parameters<NonNullable<typeof writev>>) {
      count(this);
      return writev!.apply(this, args);
    };
  });

  afterAll(() => {
    Socket.prototype._write = write;
    Socket.prototype._writev = writev;
    mailer?.close();
  });

  const email = (to: string, n: number) => ({
    to,
    subject: `Your order, part ${n}`,
    // Several kilobytes of HTML and text, as a templated email has: many encoded lines, two parts.
    html: `<html><body>${Array.from({ length: 60 }, (_, i) => `<p>Línea ${i}: ${'texto '.repeat(12).trim()}</p>`).join('\n')}</body></html>`,
    text: Array.from({ length: 60 }, (_, i) => `Línea ${i}: ${'texto '.repeat(12).trim()}`).join('\n'),
    messageId: `<${randomUUID()}@postventa.test>`,
    headers: { 'X-Postventa-Test': 'writes' },
  });

  run('sends an email on an open connection in five writes, and the server gets it whole', async () => {
    const to = `writes.${randomUUID().slice(0, 8)}@example.com`;
    // The first email opens the connection (greeting, EHLO); the second is what every later one costs.
    await mailer.send(email(to, 1));
    writes.length = 0;
    const sent = email(to, 2);
    await mailer.send(sent);

    expect(writes.length).toBe(5); // MAIL FROM, RCPT TO, DATA, the message, the end of data
    const received = (await capture.waitFor(to, 2)).find((m) => m.messageId === sent.messageId);
    expect(received?.subject).toBe(sent.subject);
    expect(received?.text?.trim()).toBe(sent.text);
    expect(received?.html?.trim()).toBe(sent.html);
  });
});
