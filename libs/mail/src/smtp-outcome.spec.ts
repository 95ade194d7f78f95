import { classifySmtpError } from './smtp-outcome';

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'failed')), fields);
}

describe('SMTP failure classification', () => {
  it.each([
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 Try again later' }, 'transient', 'SMTP_451'],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 Mailbox unavailable' }, 'bounce', 'SMTP_550'],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 Message too big' }, 'permanent', 'SMTP_552'],
    [{ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 sender rejected' }, 'permanent', 'SMTP_553'],
    [{ code: 'ECONNECTION', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'transient', 'ECONNECTION'],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, 'transient', 'ETIMEDOUT'],
    [{ code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "x"' }, 'permanent', 'INVALID_ADDRESS'],
    [{ message: 'something odd' }, 'transient', 'UNKNOWN'],
  ])('%j → %s', (fields, kind, code) => {
    const failure = classifySmtpError(smtpError(fields));
    expect(failure.kind).toBe(kind);
    expect(failure.code).toBe(code);
    expect(failure.message.length).toBeGreaterThan(0);
  });

  it('keeps the reason on one line', () => {
    expect(classifySmtpError(smtpError({ responseCode: 550, command: 'RCPT TO', response: '550-a\r\n550 b' })).message).toBe('550-a 550 b');
  });
});
