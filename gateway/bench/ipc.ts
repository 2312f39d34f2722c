import { type ChildProcess } from 'node:child_process';

/** Sends a benchmark's child process a command and waits for its answer of type `answer`. */
export function ask<T>(child: ChildProcess, command: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== answer) return;
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send(command);
  });
}
