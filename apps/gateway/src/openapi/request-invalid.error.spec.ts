import { z } from 'zod';
import { RequestInvalidError } from './request-invalid.error';

const schema = z.object({ owner: z.string(), actor: z.string().min(1), note: z.string().max(3).optional() });

function zodError(value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a failure');
  return parsed.error;
}

describe('RequestInvalidError', () => {
  it('names the first field in the message and every failing field in `fields`', () => {
    const error = RequestInvalidError.fromZod(zodError({ actor: '', note: 'long' }));
    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toBe('body.owner: is required');
    expect(error.details).toEqual({
      path: 'owner',
      fields: [
        { path: 'owner', message: 'is required' },
        { path: 'actor', message: expect.stringMatching(/>=1/) },
        { path: 'note', message: expect.stringMatching(/<=3/) },
      ],
    });
  });

  it('keeps the fields and code when told as another part, or under an area code', () => {
    const error = RequestInvalidError.fromZod(zodError({ owner: 'a' }))
      .withCode('ALERT_INVALID_REQUEST')
      .inPart('query');
    expect(error.code).toBe('ALERT_INVALID_REQUEST');
    expect(error.message).toBe('query.actor: is required');
    expect(error.details.fields).toEqual([{ path: 'actor', message: 'is required' }]);
  });
});
