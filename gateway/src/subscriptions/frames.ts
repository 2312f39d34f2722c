import { type Socket } from 'node:net';

import { type WebSocket, type WebSocketServer } from 'ws';

/**
 * Frames a live board's socket is sent within one turn of the event loop leave in one write (one
 * system call): a profile of 1,000 boards had a third of the gateway's time in `writev`, one per
 * frame per socket. A gateway keeping up sends each board one frame per change, as before; one that
 * falls behind (a burst) sends each board its waiting changes together and catches up.
 *
 * The frames are built here, header and text in one buffer per socket, and written to the socket
 * directly: ws's own send made two buffers a frame (header, payload), corked and uncorked the socket
 * per frame and left Node a writev of them all to assemble (a sixth of a fanning-out gateway's time).
 * That is only done for sockets without extensions (no permessage-deflate, which this server does
 * not offer), whose ws sender writes every frame whole and at once, so nothing of ws's can be
 * half-written in between; any other socket's frames go through ws.
 */

type SendCallback = (error?: Error) => void;
type Send = (data: unknown, options?: unknown, cb?: SendCallback) => void;

/** One text frame's UTF-8 bytes, in parts (a board's prefix, a change's payload shared by every board of a group, the closing brace). */
type Frame = readonly Buffer[];

interface Queued {
  /** The socket's own send. */
  send: Send;
  frames: Frame[];
  bytes: number;
  /** The TCP socket under it, when frames may be written to it directly (no extensions). */
  raw?: Socket;
}

const queues = new WeakMap<WebSocket, Queued>();
const due = new Set<WebSocket>();
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const sockets = [...due];
  due.clear();
  for (const socket of sockets) flush(socket);
}

function flush(socket: WebSocket): void {
  const queued = queues.get(socket);
  if (!queued?.frames.length) return;
  const { frames } = queued;
  queued.frames = [];
  queued.bytes = 0;
  due.delete(socket);
  if (socket.readyState !== socket.OPEN) return;
  if (queued.raw) {
    queued.raw.write(textFrames(frames));
    return;
  }
  // ws writes each frame as cork, header, payload, uncork; corked around them all, the frames of
  // this turn leave in one writev.
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  raw?.cork();
  try {
    for (const frame of frames) queued.send(Buffer.concat(frame), { binary: false });
  } finally {
    raw?.uncork();
  }
}

const frameLength = (frame: Frame) => frame.reduce((sum, part) => sum + part.length, 0);

/** Unmasked, unfragmented text frames (RFC 6455 §5.2), as a server sends them, in one buffer. */
export function textFrames(frames: readonly Frame[]): Buffer {
  const lengths = frames.map(frameLength);
  const headerLength = (n: number) => (n < 126 ? 2 : n < 65_536 ? 4 : 10);
  const buffer = Buffer.allocUnsafe(lengths.reduce((sum, n) => sum + headerLength(n) + n, 0));
  let at = 0;
  frames.forEach((frame, i) => {
    const n = lengths[i];
    buffer[at] = 0x81; // FIN, text
    if (n < 126) {
      buffer[at + 1] = n;
      at += 2;
    } else if (n < 65_536) {
      buffer[at + 1] = 126;
      buffer.writeUInt16BE(n, at + 2);
      at += 4;
    } else {
      buffer[at + 1] = 127;
      buffer.writeBigUInt64BE(BigInt(n), at + 2);
      at += 10;
    }
    for (const part of frame) at += part.copy(buffer, at);
  });
  return buffer;
}

function enqueue(socket: WebSocket, queued: Queued, frame: Frame): void {
  queued.frames.push(frame);
  queued.bytes += frameLength(frame);
  due.add(socket);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}

/**
 * Queues a text frame given as UTF-8 parts on a socket of a server with coalesceFrames (a live
 * board's change: its own prefix, the payload encoded once for every board of its group). Returns
 * false, queuing nothing, for a socket that is not one of them.
 */
export function sendText(socket: WebSocket, frame: Frame): boolean {
  const queued = queues.get(socket);
  if (!queued) return false;
  enqueue(socket, queued, frame);
  return true;
}

/**
 * Text frames sent on this server's sockets are queued and written together at the end of the
 * event loop's turn. The send callback is called once the frame is queued (graphql-ws waits for it
 * before its next message; waiting for the write would be one frame a turn again). What is queued
 * counts in `bufferedBytes`, which the slow-board check reads. Anything else (binary data, send
 * options, `close`) first writes what is queued, so the order of frames is kept.
 */
export function coalesceFrames(wss: WebSocketServer): void {
  wss.on('connection', (socket: WebSocket) => {
    const send = socket.send.bind(socket) as Send;
    const raw = (socket as unknown as { _socket?: Socket })._socket;
    const queued: Queued = { send, frames: [], bytes: 0, raw: raw && !socket.extensions ? raw : undefined };
    queues.set(socket, queued);
    socket.send = ((data: unknown, options?: unknown, cb?: SendCallback) => {
      if (typeof data !== 'string' || (options !== undefined && typeof options !== 'function')) {
        flush(socket);
        send(data, options, cb);
        return;
      }
      enqueue(socket, queued, [Buffer.from(data)]);
      const callback = (typeof options === 'function' ? options : cb) as SendCallback | undefined;
      if (callback) queueMicrotask(() => callback());
    }) as WebSocket['send'];
    const close = socket.close.bind(socket);
    socket.close = ((code?: number, reason?: string | Buffer) => {
      flush(socket);
      close(code, reason);
    }) as WebSocket['close'];
  });
}

/** Bytes waiting for this socket: in its buffers and queued for the end of this turn. */
export function bufferedBytes(socket: WebSocket): number {
  const queued = queues.get(socket);
  // Without extensions ws buffers nothing of its own: what waits is in the TCP socket's buffer.
  return (queued?.raw ? queued.raw.writableLength : socket.bufferedAmount) + (queued?.bytes ?? 0);
}
