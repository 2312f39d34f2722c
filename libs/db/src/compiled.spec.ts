import { withFixedLimits } from './compiled';

describe('withFixedLimits: a page statement PostgreSQL can plan once', () => {
  it('writes a constant LIMIT and OFFSET into the text and numbers the other parameters afresh', () => {
    const sql = 'select "t0"."id" from "ticket" as "t0" where "t0"."property_id" in ($1) and "t0"."status" = $2 order by "t0"."created_at" desc limit $3 offset $4';
    expect(withFixedLimits(sql, [{ leaf: 0 }, { constant: 'NEW' }, { constant: 21 }, { constant: 40 }])).toEqual({
      sql: 'select "t0"."id" from "ticket" as "t0" where "t0"."property_id" in ($1) and "t0"."status" = $2 order by "t0"."created_at" desc limit 21 offset 40',
      params: [{ leaf: 0 }, { constant: 'NEW' }],
    });
    expect(withFixedLimits('select 1 limit $1 offset $2', [{ constant: 5 }, { leaf: 0 }])).toEqual({ sql: 'select 1 limit 5 offset $1', params: [{ leaf: 0 }] });
  });

  it('leaves every other parameter bound: a limit from the request, a constant compared with a column, anything not a whole number', () => {
    const same = (sql: string, params: Parameters<typeof withFixedLimits>[1]) => expect(withFixedLimits(sql, params)).toEqual({ sql, params });
    same('select 1 from "t" limit $1', [{ leaf: 0 }]);
    same('select 1 from "t" where "n" = $1 limit $2', [{ constant: 5 }, { leaf: 1 }]);
    same('select 1 from "t" limit $1', [{ constant: 2.5 }]);
    same('select 1 from "t" limit $1', [{ constant: -1 }]);
    same('select 1 from "t" limit $1', [{ constant: '21' }]);
  });
});
