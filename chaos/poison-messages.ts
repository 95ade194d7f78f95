/**
 * Malformed and poison messages the chaos suite mixes into the stream. Each carries the header
 * `x-chaos-kind`, which a dead-lettered copy keeps, so the report can tell, per kind, how many were
 * sent and how many reached the dead-letter topic.
 */

export type PoisonKind =
  | 'not-json'
  | 'not-cloudevent'
  | 'wrong-schema'
  | 'missing-subject'
  | 'nul-in-string'
  | 'lone-surrogate'
  | 'year-zero-time'
  | 'deep-nesting'
  | 'too-large'
  | 'bad-command';

export const POISON_KINDS: readonly PoisonKind[] = [
  'not-json',
  'not-cloudevent',
  'wrong-schema',
  'missing-subject',
  'nul-in-string',
  'lone-surrogate',
  'year-zero-time',
  'deep-nesting',
  'too-large',
  'bad-command',
];

export interface PoisonMessage {
  kind: PoisonKind;
  /** 'events' goes to the commerce topic, 'commands' to the commands topic. */
  target: 'events' | 'commands';
  key: string;
  value: string;
}

const NESTING = 20_000;

/** The n-th poison message; `key` is a real customer's id half of the time, so poison shares partitions with real traffic. */
export function poisonMessage(n: number, run: string, customerKey: string, random: () => number): PoisonMessage {
  let kind = POISON_KINDS[n % POISON_KINDS.length];
  // Oversized messages are few (one in twenty of their turns), to keep the topic small.
  if (kind === 'too-large' && Math.floor(n / POISON_KINDS.length) % 20 !== 0) kind = 'not-json';
  const subject = `poison-${run}-${n}`;
  const key = random() < 0.5 ? customerKey : subject;
  const base = {
    specversion: '1.0',
    id: `evt-poison-${run}-${n}`,
    source: 'chaos.test',
    type: 'order.placed',
    time: new Date().toISOString(),
    subject,
    datacontenttype: 'application/json',
    data: { order_id: `ord-${subject}`, customer: { email: `${subject}@poison.example`, locale: 'en' } } as Record<
      string,
      unknown
    >,
  };
  const json = (value: unknown) => JSON.stringify(value);
  switch (kind) {
    case 'not-json':
      return {
        kind,
        target: 'events',
        key,
        value: random() < 0.5 ? json(base).slice(0, 40 + Math.floor(random() * 60)) : `<xml>${subject}</xml>`,
      };
    case 'not-cloudevent':
      return { kind, target: 'events', key, value: json({ hello: subject, data: base.data }) };
    case 'wrong-schema':
      // A delivery event whose data breaks its schema: were it accepted, it would start a journey.
      return {
        kind,
        target: 'events',
        key,
        value: json({
          ...base,
          type: 'order.delivered',
          data: { order_id: 12345, customer: { email: 'not-an-email' } },
        }),
      };
    case 'missing-subject': {
      const { subject: _omit, ...rest } = base;
      return { kind, target: 'events', key, value: json(rest) };
    }
    case 'nul-in-string':
      return {
        kind,
        target: 'events',
        key,
        value: json({
          ...base,
          data: {
            ...base.data,
            note: `before\u0000after`,
            customer: { email: `${subject}@poison.example`, name: 'Ana\u0000Bel' },
          },
        }),
      };
    case 'lone-surrogate':
      // JSON.stringify writes a lone surrogate as the escape \ud83d, which is valid JSON and not valid Unicode.
      return {
        kind,
        target: 'events',
        key,
        value: json({
          ...base,
          data: {
            ...base.data,
            note: 'half an emoji \ud83d',
            customer: { email: `${subject}@poison.example`, name: '\udc00' },
          },
        }),
      };
    case 'year-zero-time':
      return { kind, target: 'events', key, value: json({ ...base, time: '0000-01-01T00:00:00Z' }) };
    case 'deep-nesting':
      return {
        kind,
        target: 'events',
        key,
        value: json({ ...base, data: { ...base.data, extra: 0 } }).replace(
          '"extra":0',
          `"extra":${'['.repeat(NESTING)}${']'.repeat(NESTING)}`,
        ),
      };
    case 'too-large':
      return {
        kind,
        target: 'events',
        key,
        value: json({ ...base, data: { ...base.data, note: 'x'.repeat(270_000) } }),
      };
    case 'bad-command':
      return {
        kind,
        target: 'commands',
        key,
        value:
          random() < 0.5
            ? '{"type":"email.send","command_id":'
            : json({ type: 'email.send', command_id: `cmd-poison-${run}-${n}`, customer_id: subject, template: 42 }),
      };
  }
}
