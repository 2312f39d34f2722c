import 'reflect-metadata';

import { IsDefined, IsIn, IsOptional, IsUUID, Length, Max, Min, ValidateIf, ValidateNested, validateSync } from 'class-validator';
import fc from 'fast-check';

import { surelyValid } from './quick-rules';

class Filter {
  @IsOptional()
  @IsUUID()
  propertyId?: unknown;

  @Min(1)
  @Max(100)
  first?: unknown;

  @Length(2, 5)
  code?: unknown;

  @ValidateIf((o: Filter) => o.code !== 'ANY')
  @IsIn(['A', 'B'])
  kind?: unknown;
}

class Required {
  @IsDefined()
  @IsUUID()
  id?: unknown;
}

class Inner {
  @Min(0)
  n?: unknown;
}

class Nested {
  @ValidateNested()
  inner?: unknown;
}

class Each {
  @Min(0, { each: true })
  values?: unknown;
}

const VALIDATION = { skipMissingProperties: true, forbidUnknownValues: false, whitelist: false };
const valid = (object: object) => validateSync(object, VALIDATION).length === 0;

const anything = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.uuid(),
  fc.constantFrom('A', 'B', 'C', 'ANY', 'ab', 'abcdef', ''),
  fc.integer({ min: -5, max: 150 }),
  fc.string(),
);

describe('quick rules: a sure pass without class-validator', () => {
  it('never calls an object valid that class-validator refuses, and passes the valid ones', () => {
    fc.assert(
      fc.property(anything, anything, anything, anything, anything, (propertyId, first, code, kind, id) => {
        const filter = Object.assign(new Filter(), { propertyId, first, code, kind });
        expect(surelyValid(filter)).toBe(valid(filter));
        const required = Object.assign(new Required(), { id });
        expect(surelyValid(required)).toBe(valid(required));
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves to class-validator the kinds of rules it does not check', () => {
    expect(surelyValid(Object.assign(new Nested(), { inner: Object.assign(new Inner(), { n: 1 }) }))).toBe(false);
    expect(surelyValid(Object.assign(new Each(), { values: [1, 2] }))).toBe(false);
  });

  it('passes a class without rules', () => {
    expect(surelyValid(new (class Plain {})())).toBe(true);
  });
});
