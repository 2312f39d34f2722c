import { AppError } from './app-error';
import { firstValidationFailure, formatGraphQLError, variableField } from './format-error';

describe('formatGraphQLError', () => {
  const ignore = () => undefined;

  it('names the nested field of a failed input validation', () => {
    const failure = firstValidationFailure([
      {
        property: 'input',
        children: [
          { property: 'units', children: [{ property: '0', children: [{ property: 'code', constraints: { isNotEmpty: 'code should not be empty' } }] }] },
        ],
      },
    ]);
    expect(failure).toEqual({ field: 'input.units[0].code', message: 'input.units[0].code should not be empty' });
  });

  it('turns argument validation into BAD_USER_INPUT with the field', () => {
    const out = formatGraphQLError(
      { message: 'Argument Validation Error', extensions: { code: 'BAD_USER_INPUT', validationErrors: [{ property: 'plate', constraints: { matches: 'plate must be a valid plate' } }] } },
      ignore,
    );
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'plate' });
    expect(out.message).toContain('plate');
  });

  it('keeps a CONFLICT reason and drops transport details', () => {
    const error = AppError.conflict('ONE_SPACE_PER_HOUSEHOLD', 'This unit already holds a lease');
    const out = formatGraphQLError({ message: error.message, extensions: { ...error.extensions, stacktrace: ['x'] } }, ignore);
    expect(out.extensions).toEqual({ code: 'CONFLICT', reason: 'ONE_SPACE_PER_HOUSEHOLD' });
  });

  it('hides an unexpected error behind a generic message and reports it', () => {
    const seen: string[] = [];
    const out = formatGraphQLError({ message: 'relation "x" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.ts:1'] } }, (f) => seen.push(f.message));
    expect(out).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(seen).toEqual(['relation "x" does not exist']);
  });
});

describe('variable coercion errors', () => {
  it('name the field the way class-validator does (issue 9)', () => {
    expect(variableField('Variable "$input" got invalid value "tomorrow" at "input.ownerConfirmation.at"; DateTime must be …')).toBe('ownerConfirmation.at');
    expect(variableField('Variable "$input" got invalid value 5 at "input.units.1.code"; String cannot represent …')).toBe('units[1].code');
    expect(variableField('Variable "$until" got invalid value "tomorrow"; DateTime must be …')).toBe('until');
    expect(variableField('Variable "$id" of required type "ID!" was not provided.')).toBe('id');
    expect(variableField('Something else')).toBeUndefined();
  });
});
