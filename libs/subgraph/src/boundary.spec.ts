import { buildSchema, graphql } from 'graphql';

import { applyInputBoundary } from './boundary';

function schemaEchoing() {
  const schema = buildSchema(`
    input NoteInput { title: String! description: String tags: [String!] }
    type Query { echo(id: ID!, input: NoteInput, after: String, search: String): String }
  `);
  schema.getQueryType()!.getFields().echo.resolve = (_root, args) => JSON.stringify(args);
  applyInputBoundary(schema);
  return schema;
}

async function call(query: string, variables: Record<string, unknown>) {
  const result = await graphql({ schema: schemaEchoing(), source: query, variableValues: variables });
  if (result.errors?.length) return { error: result.errors[0].extensions };
  return { args: JSON.parse(String(result.data!.echo)) };
}

const Q = 'query($id: ID!, $input: NoteInput, $after: String, $search: String) { echo(id: $id, input: $input, after: $after, search: $search) }';
const id = '01a2054f-4e47-7000-8cc8-f9e388997d59';

describe('input boundary (issue 9)', () => {
  it('trims text, turns blank optional text into null and leaves good input alone', async () => {
    expect(await call(Q, { id: id.toUpperCase(), input: { title: '  漏水  ', description: '   ', tags: [' a '] } })).toEqual({
      args: { id, input: { title: '漏水', description: null, tags: ['a'] } },
    });
  });

  it('names the field of a non-UUID id, blank required text, control characters and text over its limit', async () => {
    expect(await call(Q, { id: 'not-a-uuid' })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'id' } });
    expect(await call(Q, { id, input: { title: ' \t ' } })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'title' } });
    expect(await call(Q, { id, input: { title: 'a\u0000b' } })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'title' } });
    expect(await call(Q, { id, input: { title: 'ok', tags: ['fine', 'x'.repeat(201)] } })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'tags[1]' } });
    expect(await call(Q, { id, search: 'two\nlines' })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'search' } });
  });

  it('lets free text carry line breaks and 2,000 characters, cursors up to 2,000', async () => {
    expect(await call(Q, { id, input: { title: 'ok', description: `第一行\n${'字'.repeat(1990)}` } })).toHaveProperty('args');
    expect(await call(Q, { id, input: { title: 'ok', description: 'x'.repeat(2001) } })).toEqual({ error: { code: 'BAD_USER_INPUT', field: 'description' } });
    expect(await call(Q, { id, after: 'c'.repeat(500) })).toHaveProperty('args');
  });
});
