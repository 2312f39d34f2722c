import { type Writable } from 'node:stream';

// ws's frame parser, as its client reads a socket (exported at run time, not in its types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Receiver } = require('ws') as { Receiver: new (options: { isServer: boolean }) => Writable };

import { textFrames } from './frames';

/** What a client's WebSocket reads out of `bytes`, split into chunks as a socket may deliver them. */
function receive(bytes: Buffer, chunk: number): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    expect(isBinary).toBe(false);
    messages.push(data.toString('utf8'));
  });
  receiver.on('error', (error: Error) => {
    throw error;
  });
  for (let at = 0; at < bytes.length; at += chunk) receiver.write(bytes.subarray(at, at + chunk));
  return messages;
}

describe('textFrames', () => {
  it('frames texts of every length class (7-bit, 16-bit, 64-bit) so that a WebSocket client reads them back, in order', () => {
    const texts = ['', '{"id":"1","type":"next"}', '报修 工单 ✓ 🚿'.repeat(10), 'x'.repeat(125), 'y'.repeat(126), '住'.repeat(30_000), 'z'.repeat(70_000)];
    const bytes = textFrames(texts.map((text) => [Buffer.from(text)]));
    expect(receive(bytes, bytes.length)).toEqual(texts);
    expect(receive(bytes, 7)).toEqual(texts);
  });

  it('writes nothing beyond its frames: a header and the UTF-8 text of its parts each', () => {
    const frames = [[Buffer.from('a'), Buffer.from('b')], [Buffer.from('工单')]];
    expect([...textFrames(frames)]).toEqual([0x81, 2, 0x61, 0x62, 0x81, 6, ...Buffer.from('工单')]);
  });
});
