import { classifySmtpError, END_OF_DATA_STAGE, markBodySent } from './smtp-outcome';

function smtpError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? 'failed')), fields);
}

describe('SMTP failure classification', () => {
  it.each([
    // The server answered: its answer decides, at any stage.
    [
      { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 Try again later' },
      'transient',
      'SMTP_451',
    ],
    [
      { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 Mailbox unavailable' },
      'bounce',
      'SMTP_550',
    ],
    [
      { code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 Message too big' },
      'permanent',
      'SMTP_552',
    ],
    [
      { code: 'EMESSAGE', responseCode: 451, command: 'DATA', response: '451 Local error', bodySent: true },
      'transient',
      'SMTP_451',
    ],
    [
      { code: 'ECONNECTION', responseCode: 421, command: 'CONN', response: '421 Shutting down', bodySent: true },
      'transient',
      'SMTP_421',
    ],
    [
      { code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 Rejected', bodySent: true },
      'permanent',
      'SMTP_554',
    ],
    [
      { code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 sender rejected' },
      'permanent',
      'SMTP_553',
    ],
    // No answer, before the end of data: nothing can have been accepted, try again.
    [{ code: 'ECONNECTION', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'transient', 'ECONNECTION'],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }, 'transient', 'ETIMEDOUT'],
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }, 'transient', 'ETIMEDOUT'],
    [{ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, 'transient', 'ECONNECTION'],
    [{ code: 'ESOCKET', command: 'CONN', message: 'read ECONNRESET' }, 'transient', 'ESOCKET'],
    [{ code: 'EENVELOPE', command: 'API', message: 'Invalid recipient "x"' }, 'permanent', 'INVALID_ADDRESS'],
    [{ message: 'something odd' }, 'transient', 'UNKNOWN'],
    // No answer after the end of data: the server may have the email; sending it again could deliver it twice.
    [{ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout', bodySent: true }, 'unknown', 'ETIMEDOUT'],
    [
      { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly', bodySent: true },
      'unknown',
      'ECONNECTION',
    ],
    [{ code: 'ESOCKET', command: 'CONN', message: 'write EPIPE', bodySent: true }, 'unknown', 'ESOCKET'],
    [{ code: 'ETIMEDOUT', command: 'DATA', message: 'Timeout' }, 'unknown', 'ETIMEDOUT'],
    [{ code: 'ECONNECTION', command: 'DATA', message: 'Connection closed unexpectedly' }, 'unknown', 'ECONNECTION'],
    [{ message: 'something odd', bodySent: true }, 'unknown', 'UNKNOWN'],
  ])('%j → %s', (fields, kind, code) => {
    const failure = classifySmtpError(smtpError(fields));
    expect(failure.kind).toBe(kind);
    expect(failure.code).toBe(code);
    expect(failure.message.length).toBeGreaterThan(0);
  });

  it('says how far the conversation got', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })).stage).toBe(
      'RCPT TO',
    );
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', command: 'CONN' })).stage).toBe('CONN');
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', command: 'CONN', bodySent: true })).stage).toBe(
      END_OF_DATA_STAGE,
    );
    expect(classifySmtpError(new Error('no command')).stage).toBe('connection');
  });

  it('marks an error whose message body went out in full', () => {
    const error = smtpError({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' });
    expect(classifySmtpError(markBodySent(error)).kind).toBe('unknown');
    expect(markBodySent('not an object')).toBe('not an object');
  });

  it('keeps the reason on one line', () => {
    expect(
      classifySmtpError(smtpError({ responseCode: 550, command: 'RCPT TO', response: '550-a\r\n550 b' })).message,
    ).toBe('550-a 550 b');
  });
});
