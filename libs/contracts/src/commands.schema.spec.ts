import { type Command, COMMAND_TYPES, commandSchema, parseCommand } from './commands.schema';
import { ContractErrorCode } from './contract-error';
import { sampleCommand } from './sample-events';

describe('commands', () => {
  it.each(COMMAND_TYPES.map((type) => [type]))('parses a %s command from an object, text and bytes', (type) => {
    const command = sampleCommand(type);
    expect(parseCommand(command)).toEqual({ ok: true, command });
    expect(parseCommand(JSON.stringify(command))).toEqual({ ok: true, command });
    expect(parseCommand(Buffer.from(JSON.stringify(command)))).toEqual({ ok: true, command });
  });

  it('narrows by type', () => {
    const result = parseCommand(sampleCommand('survey.send'));
    if (!result.ok) throw new Error('expected a command');
    const command: Command = result.command;
    switch (command.type) {
      case 'survey.send':
        expect(command.survey.kind).toBe('nps');
        break;
      default:
        throw new Error(`unexpected ${command.type}`);
    }
  });

  it('accepts a command with only the required fields', () => {
    const minimal = {
      command_id: 'cmd_1',
      type: 'alert.raise',
      customer_id: 'cus_1',
      journey_id: 'jny_1',
      flow: { id: 'f', version: 1 },
      step_id: 's',
      issued_at: '2025-03-14T09:30:00Z',
      severity: 'low',
      reason: 'silence',
      data: {},
    };
    expect(parseCommand(minimal).ok).toBe(true);
  });

  it('drops unknown fields', () => {
    const result = parseCommand({ ...sampleCommand('email.send'), extra: 1 });
    expect(result.ok && 'extra' in result.command).toBe(false);
  });

  type Case = [label: string, input: unknown, code: ContractErrorCode, path: string];
  const email = sampleCommand('email.send');
  const cases: Case[] = [
    ['not JSON', '{', ContractErrorCode.NotJson, ''],
    ['unknown type', { ...email, type: 'sms.send' }, ContractErrorCode.SchemaViolation, 'type'],
    ['no command_id', { ...email, command_id: undefined }, ContractErrorCode.SchemaViolation, 'command_id'],
    ['no customer_id', { ...email, customer_id: '' }, ContractErrorCode.SchemaViolation, 'customer_id'],
    ['flow version not integer', { ...email, flow: { id: 'f', version: '3' } }, ContractErrorCode.SchemaViolation, 'flow.version'],
    ['bad moment', { ...email, moment: 'zmot' }, ContractErrorCode.SchemaViolation, 'moment'],
    ['bad issued_at', { ...email, issued_at: '2025-03-14' }, ContractErrorCode.SchemaViolation, 'issued_at'],
    ['bad locale', { ...email, locale: 'es_MX' }, ContractErrorCode.SchemaViolation, 'locale'],
    ['email without template', { ...email, template: undefined }, ContractErrorCode.SchemaViolation, 'template'],
    ['email with bad category', { ...email, category: 'promo' }, ContractErrorCode.SchemaViolation, 'category'],
    ['email with bad to', { ...email, to: 'nobody' }, ContractErrorCode.SchemaViolation, 'to'],
    ['email without data', { ...email, data: undefined }, ContractErrorCode.SchemaViolation, 'data'],
    ['survey of unknown kind', { ...sampleCommand('survey.send'), survey: { kind: 'stars', survey_id: 's' } }, ContractErrorCode.SchemaViolation, 'survey.kind'],
    ['alert with bad severity', { ...sampleCommand('alert.raise'), severity: 'urgent' }, ContractErrorCode.SchemaViolation, 'severity'],
    ['alert without reason', { ...sampleCommand('alert.raise'), reason: undefined }, ContractErrorCode.SchemaViolation, 'reason'],
    ['too large', JSON.stringify({ ...email, data: { blob: 'x'.repeat(300 * 1024) } }), ContractErrorCode.TooLarge, ''],
  ];

  it.each(cases)('%s → %s at "%s"', (_label, input, code, path) => {
    expect(parseCommand(input)).toMatchObject({ ok: false, error: { code, path } });
  });

  it('exposes the schema for composition', () => {
    expect(commandSchema.safeParse(sampleCommand('alert.raise')).success).toBe(true);
  });

  it('sampleCommand applies overrides and refuses invalid ones', () => {
    expect(sampleCommand('email.send', { template: 'welcome' }).template).toBe('welcome');
    expect(() => sampleCommand('email.send', { category: 'spam' as never })).toThrow('category must be one of');
  });
});

describe('parseCommand — what PostgreSQL can store', () => {
  it('refuses NUL, unsafe numbers and deep nesting like events do', () => {
    const command = sampleCommand('alert.raise');
    expect(parseCommand({ ...command, data: { note: 'a\u0000' } })).toMatchObject({ ok: false, error: { code: 'INVALID_TEXT', path: 'data.note' } });
    expect(parseCommand({ ...command, data: { n: 2 ** 53 } })).toMatchObject({ ok: false, error: { code: 'UNSAFE_NUMBER', path: 'data.n' } });
    const deep = JSON.stringify({ ...command, data: { x: '@' } }).replace('"@"', '['.repeat(5000) + ']'.repeat(5000));
    expect(parseCommand(deep)).toMatchObject({ ok: false, error: { code: 'TOO_DEEP' } });
  });
});
