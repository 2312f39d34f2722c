import { decodeBatchAnswers, encodeBatchAnswers, MAX_BATCH_OPERATIONS, parseBatchRequest } from './batch';

describe('batches of reads between the gateway and a subgraph (issue 14)', () => {
  it('carries answers of any text back in order: Chinese, emoji, newlines, text that looks like a frame', () => {
    const answers = [
      { status: 200, contentType: 'application/json; charset=utf-8', body: '{"data":{"title":"漏水 🛗\\n第二行"}}\n' },
      { status: 400, contentType: 'application/json', body: '{"errors":[{"message":"200 12 text/plain\\nfake"}]}' },
      { status: 200, contentType: 'text/plain', body: '' },
      { status: 401, contentType: 'application/json', body: '200 5 x\nabcde' },
    ];
    expect(decodeBatchAnswers(encodeBatchAnswers(answers))).toEqual(answers);
    expect(decodeBatchAnswers('')).toEqual([]);
  });

  it('refuses an answer cut short or not framed', () => {
    const text = encodeBatchAnswers([{ status: 200, contentType: 'application/json', body: '{"data":{}}' }]);
    expect(() => decodeBatchAnswers(text.slice(0, -1))).toThrow(/cut short/);
    expect(() => decodeBatchAnswers(`${text}garbage`)).toThrow(/Malformed/);
    expect(() => decodeBatchAnswers('{"data":{}}')).toThrow(/Malformed/);
  });

  it('takes a batch only as a non-empty array of operations with string headers, and not too many', () => {
    const one = { headers: { 'content-type': 'application/json' }, body: { query: '{ __typename }' } };
    expect(parseBatchRequest(JSON.stringify([one, one]))).toEqual([one, one]);
    expect(parseBatchRequest('[')).toMatch(/not valid JSON/);
    expect(parseBatchRequest('{}')).toMatch(/non-empty array/);
    expect(parseBatchRequest('[]')).toMatch(/non-empty array/);
    expect(parseBatchRequest(JSON.stringify([{ body: {} }]))).toMatch(/headers/);
    expect(parseBatchRequest(JSON.stringify([{ headers: { a: 1 }, body: {} }]))).toMatch(/headers/);
    expect(parseBatchRequest(JSON.stringify(Array(MAX_BATCH_OPERATIONS + 1).fill(one)))).toMatch(/at most/);
  });
});
