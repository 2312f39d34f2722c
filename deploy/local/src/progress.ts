const isTty = process.stdout.isTTY;
const paint = (code: number) => (text: string) => (isTty ? `\x1b[${code}m${text}\x1b[0m` : text);
export const green = paint(32);
export const red = paint(31);
export const dim = paint(2);
export const bold = paint(1);
export const cyan = paint(36);

/** Numbered start-up steps with their duration: `[2/7] NATS … local server (0.1 s)`. */
export class Steps {
  private index = 0;

  constructor(private readonly total: number) {}

  async run<T>(label: string, work: () => Promise<T>, describe: (result: T) => string = () => 'ok'): Promise<T> {
    this.index += 1;
    const prefix = `[${this.index}/${this.total}] ${label}`;
    process.stdout.write(`${prefix} … `);
    const started = Date.now();
    try {
      const result = await work();
      process.stdout.write(`${green(describe(result))} ${dim(`(${((Date.now() - started) / 1000).toFixed(1)} s)`)}\n`);
      return result;
    } catch (error) {
      process.stdout.write(`${red('failed')}\n`);
      throw error;
    }
  }
}

/** A one-line progress counter for long loops: `  residents 120/412`. */
export function counter(label: string, total: number) {
  let done = 0;
  return {
    tick(by = 1) {
      done += by;
      if (isTty) process.stdout.write(`\r  ${label} ${done}/${total}   `);
    },
    end() {
      if (isTty) process.stdout.write('\r\x1b[K');
    },
  };
}
