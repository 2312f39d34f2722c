import { Writable } from 'node:stream';

import { createLogger, redactText } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { logger: createLogger('test', 'info', stream as never), text: () => lines.join('') };
}

describe('logs without personal data (issue 9)', () => {
  it('a failed insert is logged without its SQL, values or key detail', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('insert into "resident" ("phone", "id_number") values (\'13812345678\', \'420101199001011237\') - duplicate key'), {
      code: '23505', constraint: 'resident_phone_unique', table: 'resident', detail: 'Key (phone)=(13812345678) already exists.',
    });
    logger.error({ err: error }, 'unexpected error');
    expect(text()).toContain('23505');
    expect(text()).toContain('resident_phone_unique');
    expect(text()).not.toMatch(/13812345678|420101199001011237|insert into/);
  });

  it('other errors keep their message with phone and ID numbers redacted; phone fields are redacted', () => {
    const { logger, text } = capture();
    logger.warn({ err: new Error('no resident with phone 13812345678'), input: { phone: '13900000000' } }, 'refused');
    expect(text()).toContain('no resident with phone [redacted]');
    expect(text()).not.toMatch(/13812345678|13900000000/);
    expect(redactText('ID 11010519491231002X, tel 0755-12345678, ticket GD-20261122-00001')).toBe('ID [redacted], tel [redacted], ticket GD-20261122-00001');
  });
});
