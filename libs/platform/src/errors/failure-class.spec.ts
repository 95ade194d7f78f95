import { classifyFailure, failureSummary } from './failure-class';

const pgError = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
const typeormError = (code: string) =>
  Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError: pgError(code) });

describe('classifyFailure', () => {
  it.each([
    ['untranslatable character', typeormError('22P05'), 'data'],
    ['invalid json text', typeormError('22P02'), 'data'],
    ['datetime out of range', pgError('22008'), 'data'],
    ['unique violation', typeormError('23505'), 'data'],
    ['stack overflow', new RangeError('Maximum call stack size exceeded'), 'data'],
    ['marked poison', Object.assign(new Error('bad'), { poison: true }), 'data'],
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      'infrastructure',
    ],
    ['admin shutdown', typeormError('57P01'), 'infrastructure'],
    ['serialization failure', typeormError('40001'), 'infrastructure'],
    ['deadlock', typeormError('40P01'), 'infrastructure'],
    ['connection terminated', new Error('Connection terminated unexpectedly'), 'infrastructure'],
    ['kafka', Object.assign(new Error('broker gone'), { name: 'KafkaJSConnectionError' }), 'infrastructure'],
    ['wrapped cause', Object.assign(new Error('outer'), { cause: typeormError('22021') }), 'data'],
    ['a bug', new TypeError('x is undefined'), 'unknown'],
  ])('%s is %s', (_, error, expected) => {
    expect(classifyFailure(error)).toBe(expected);
  });

  it('survives cyclic causes', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(classifyFailure(a)).toBe('unknown');
  });

  it('summarises with the SQLSTATE and without values', () => {
    expect(failureSummary(typeormError('22P05')).code).toBe('SQLSTATE_22P05');
    expect(failureSummary(new RangeError('Maximum call stack size exceeded'))).toEqual({
      code: 'STACK_OVERFLOW',
      message: 'the message is nested too deeply to process',
    });
  });
});
