import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * The benchmarks' board clients: a WebSocket client (RFC 6455) in a few lines over a TCP socket,
 * for the load generator that shares the machine with the gateway it measures. A wall screen's
 * browser parses frames in native code; ws's client does it in JavaScript, through a stream per
 * socket, and at 37,750 frames a second its two processes took 45 % of this 2-core machine's
 * time from the gateway and subgraphs being measured. This one reads whole frames out of each
 * chunk the socket gives and hands over their text; what is left is the kernel's part and the
 * JSON parse every board does.
 *
 * Enough for a board and nothing more: text frames (fragmented or not), ping answered with pong,
 * close answered and reported; no extensions, no binary messages. Frames it sends are masked, as a
 * client's must be.
 */
export interface LeanSocketEvents {
  open: () => void;
  message: (text: string) => void;
  /** The server closed (code 1005 when it gave none) or the connection was lost (1006). */
  close: (code: number, reason: string) => void;
  error: (error: Error) => void;
}

const OPCODE = { continuation: 0x0, text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

export class LeanSocket {
  private readonly socket: Socket;
  private pending: Buffer = Buffer.alloc(0);
  private upgraded = false;
  private closed = false;
  private closing = false;
  private fragments: Buffer[] = [];

  constructor(url: string, protocol: string, private on: LeanSocketEvents) {
    const { hostname, port, pathname, search } = new URL(url);
    this.socket = connect({ host: hostname, port: Number(port || 80), noDelay: true });
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`,
      );
    });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error) => this.on.error(error));
    this.socket.on('close', () => this.ended(1006, ''));
  }

  /** Sends a text message. */
  send(text: string): void {
    this.write(OPCODE.text, Buffer.from(text));
  }

  /** Starts the closing handshake; `close` is reported once the server has answered and hung up. */
  close(code = 1000): void {
    if (this.closed || this.socket.destroyed) return this.ended(code, '');
    if (this.closing) return;
    this.closing = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    this.write(OPCODE.close, body);
  }

  /** Closes (1000) with nothing reported but the end: `done` once the connection is closed. */
  closeQuietly(done: () => void): void {
    if (this.closed) return done();
    this.on = { ...this.on, close: () => done(), error: () => undefined };
    this.close(1000);
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    const n = payload.length;
    const lengthBytes = n < 126 ? 0 : n < 65_536 ? 2 : 8;
    const frame = Buffer.allocUnsafe(2 + lengthBytes + 4 + n);
    frame[0] = 0x80 | opcode;
    frame[1] = 0x80 | (n < 126 ? n : n < 65_536 ? 126 : 127);
    if (lengthBytes === 2) frame.writeUInt16BE(n, 2);
    else if (lengthBytes === 8) frame.writeBigUInt64BE(BigInt(n), 2);
    const maskAt = 2 + lengthBytes;
    randomBytes(4).copy(frame, maskAt);
    for (let i = 0; i < n; i++) frame[maskAt + 4 + i] = payload[i] ^ frame[maskAt + (i & 3)];
    this.socket.write(frame);
  }

  private read(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.upgraded) {
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pending = data;
        return;
      }
      const head = data.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        this.on.error(new Error(`WebSocket upgrade refused: ${head.split('\r\n')[0]}`));
        this.socket.destroy();
        return;
      }
      this.upgraded = true;
      data = data.subarray(end + 4);
      this.on.open();
    }
    let at = 0;
    while (data.length - at >= 2) {
      const first = data[at];
      let length = data[at + 1] & 0x7f;
      let headerLength = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        headerLength = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        headerLength = 10;
      }
      if (data.length - at < headerLength + length) break;
      const payload = data.subarray(at + headerLength, at + headerLength + length);
      at += headerLength + length;
      this.frame(first & 0x80, first & 0x0f, payload);
      if (this.closed) return;
    }
    this.pending = at < data.length ? Buffer.from(data.subarray(at)) : Buffer.alloc(0);
  }

  private frame(fin: number, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.text || opcode === OPCODE.continuation) {
      if (!fin) {
        this.fragments.push(Buffer.from(payload));
        return;
      }
      const whole = this.fragments.length ? Buffer.concat([...this.fragments, payload]) : payload;
      this.fragments = [];
      this.on.message(whole.toString());
    } else if (opcode === OPCODE.ping) {
      this.write(OPCODE.pong, payload);
    } else if (opcode === OPCODE.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      // The server's answer to our close, or its own close, which is answered.
      if (!this.closing) this.write(OPCODE.close, payload.subarray(0, 2));
      this.socket.end();
      this.ended(code, payload.subarray(2).toString());
    }
  }

  private ended(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.on.close(code, reason);
  }
}
