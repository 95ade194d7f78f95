import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { SmtpCaptureClient } from './support/smtp-capture.client';

describe('SMTP capture (real SMTP conversation, nodemailer)', () => {
  const capture = new SmtpCaptureClient();
  const run = capture.available ? it : it.skip;

  run('receives, keeps and parses an email sent with nodemailer', async () => {
    const to = `ana+${randomUUID().slice(0, 8)}@example.com`;
    const transport = createTransport(process.env.SMTP_URL!);
    const info = await transport.sendMail({
      from: 'Postventa <no-reply@postventa.local>',
      to,
      subject: '¿Cómo va tu pedido?',
      text: 'Hola Ana',
      html: '<p>Hola <b>Ana</b></p>',
      headers: { 'X-Postventa-Command': 'cmd-1' },
    });
    transport.close();

    const [message] = await capture.waitFor(to);
    expect(message).toMatchObject({
      messageId: info.messageId,
      from: 'no-reply@postventa.local',
      to: [to],
      subject: '¿Cómo va tu pedido?',
      html: '<p>Hola <b>Ana</b></p>',
    });
    expect(message.text?.trim()).toBe('Hola Ana');
    expect(message.headers['x-postventa-command']).toBe('cmd-1');
  });

  run('answers with the configured SMTP error while failing', async () => {
    const to = `bounce+${randomUUID().slice(0, 8)}@example.com`;
    await capture.failWith(550, [to]);
    const transport = createTransport(process.env.SMTP_URL!);
    await expect(transport.sendMail({ from: 'a@postventa.local', to, subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await capture.recover();
    await transport.sendMail({ from: 'a@postventa.local', to, subject: 'x', text: 'x' });
    transport.close();
    expect(await capture.waitFor(to)).toHaveLength(1);
  });
});
