import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: () => Array<Record<string, unknown>>; text: () => string; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    destination,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('redacts credentials, API keys, tokens, cookies and email addresses, at the top and nested', () => {
    const out = capture();
    const logger = createLogger({ name: 'test', level: 'info', destination: out.destination });
    logger.info(
      {
        authorization: 'Bearer top-secret-1',
        req: {
          headers: { authorization: 'Bearer top-secret-2', cookie: 'sid=top-secret-3', 'x-api-key': 'top-secret-4' },
        },
        headers: { 'x-api-key': 'top-secret-5' },
        apiKey: 'top-secret-6',
        token: 'top-secret-7',
        secret: 'top-secret-8',
        customer: { email: 'ana@example.com', profile: { email: 'bob@example.com' } },
        to: 'carla@example.com',
        customer_id: 'cus_1',
        event_id: 'evt_1',
      },
      'mail for dan@example.com',
    );
    const text = out.text();
    expect(text).not.toMatch(/top-secret/);
    expect(text).not.toMatch(/ana@|bob@|carla@|dan@/);
    const [line] = out.lines();
    expect(line).toMatchObject({
      customer_id: 'cus_1',
      event_id: 'evt_1',
      to: 'c***@example.com',
      msg: 'mail for d***@example.com',
    });
    expect(line.customer).toEqual({ email: 'a***@example.com', profile: { email: 'b***@example.com' } });
  });
});
