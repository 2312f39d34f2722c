import { buildSchema } from 'graphql';

import { AnswerText, dataText, hidesElements, stringifyAnswer } from './pass-through';

describe('answers passed through as text (issue 14)', () => {
  it('takes the data of an answer with data and nothing else, as written', () => {
    expect(dataText('{"data":{"tickets":{"edges":[]}}}\n')).toBe('{"tickets":{"edges":[]}}');
    expect(dataText('{"data":{"t":"漏水 \\"厨房\\" \\\\"}}')).toBe('{"t":"漏水 \\"厨房\\" \\\\"}');
    // A quote inside a string is escaped, so text that reads like a key is not one.
    expect(dataText('{"data":{"t":"a \\"errors\\": [1]"}}\n')).toBe('{"t":"a \\"errors\\": [1]"}');
  });

  it('leaves every other answer to be read: errors (first, as Apollo Server writes them), extensions, null data, not JSON', () => {
    for (const text of [
      '{"errors":[{"message":"no"}],"data":{"t":null}}\n',
      '{"data":{"t":1},"extensions":{"ftv1":"x"}}\n',
      '{"data":{"t":1},"errors":[{"message":"late"}]}\n',
      '{"data":null}\n',
      '{"data":{"t":1}',
      '<html>',
    ]) expect([text, dataText(text)]).toEqual([text, undefined]);
  });

  it('writes a kept text around itself and anything else as Apollo Server does', () => {
    expect(stringifyAnswer({ data: new AnswerText('{"a":1}') })).toBe('{"data":{"a":1}}\n');
    expect(stringifyAnswer({ errors: undefined, data: new AnswerText('{"a":1}'), extensions: undefined })).toBe('{"data":{"a":1}}\n');
    expect(stringifyAnswer({ errors: [{ message: 'x' }], data: { a: 1 } })).toBe('{"errors":[{"message":"x"}],"data":{"a":1}}\n');
  });

  it('passes nothing through for a supergraph that hides elements from callers (@inaccessible)', () => {
    const known = new WeakMap<object, boolean>();
    expect(hidesElements(buildSchema('type Query { a: Int }'), known)).toBe(false);
    expect(hidesElements(buildSchema('directive @inaccessible on FIELD_DEFINITION | ENUM_VALUE\ntype Query { a: Int b: Int @inaccessible }'), known)).toBe(true);
  });
});
