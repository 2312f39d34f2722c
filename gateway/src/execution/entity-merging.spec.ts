import { isEntityFetch, mergeEntityFetches, splitEntityAnswer } from './entity-merging';

const unit = { query: 'query Q__residents__1($representations:[_Any!]!){_entities(representations:$representations){...on Unit{code}}}', variables: { representations: [{ __typename: 'Unit', id: 'u1' }] } };
const reporter = { query: 'query Q__residents__2($representations:[_Any!]!){_entities(representations:$representations){...on Resident{name}}}', variables: { representations: [{ __typename: 'Resident', id: 'r1' }] } };

describe('entity fetch merging', () => {
  it('merges only the planner\'s _entities fetches', () => {
    expect(isEntityFetch(unit)).toBe(true);
    expect(isEntityFetch({ ...unit, variables: { representations: [], other: 1 } })).toBe(false);
    expect(isEntityFetch({ query: 'query($representations:[_Any!]!){ e: _entities(representations:$representations){__typename} }', variables: { representations: [] } })).toBe(false);
    expect(isEntityFetch({ query: 'query { tickets { totalCount } }', variables: { representations: [] } })).toBe(false);
    expect(isEntityFetch({ query: 'not graphql {', variables: { representations: [] } })).toBe(false);
    expect(isEntityFetch({ query: unit.query } as never)).toBe(false);
  });

  it('asks each fetch under its own alias with its own representations', () => {
    const merged = mergeEntityFetches([unit, reporter]);
    expect(merged.query.replace(/\s+/g, ' ')).toBe('query Q__residents__1__merged($r0: [_Any!]!, $r1: [_Any!]!) { e0: _entities(representations: $r0) { ... on Unit { code } } e1: _entities(representations: $r1) { ... on Resident { name } } }');
    expect(merged.variables).toEqual({ r0: unit.variables.representations, r1: reporter.variables.representations });
  });

  it('splits the answer back: each fetch its data and its errors, with paths as if asked alone; errors of none to all', () => {
    const whole = { data: { e0: [{ code: '1-101' }], e1: [null] }, errors: [{ message: 'no', path: ['e1', 0, 'name'] }, { message: 'slow' }], extensions: { x: 1 } };
    expect(splitEntityAnswer(whole, 2)).toEqual([
      { data: { _entities: [{ code: '1-101' }] }, errors: [{ message: 'slow' }], extensions: { x: 1 } },
      { data: { _entities: [null] }, errors: [{ message: 'no', path: ['_entities', 0, 'name'] }, { message: 'slow' }], extensions: { x: 1 } },
    ]);
    expect(splitEntityAnswer({ data: null, errors: [{ message: 'down' }] }, 2)).toEqual([{ data: null, errors: [{ message: 'down' }] }, { data: null, errors: [{ message: 'down' }] }]);
  });
});
