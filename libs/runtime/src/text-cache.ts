/**
 * Values kept by an operation's name and text (the operations a server has run once), bounded by
 * entries and by the length of the texts it keeps. A text over `maxTextLength` is not kept: a query
 * padded with whitespace or comments passes validation and every query limit, and a thousand of a
 * megabyte each would hold a gigabyte. Past `maxEntries` the oldest goes.
 */
export class OperationTextCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    readonly maxEntries = 1_000,
    readonly maxTextLength = 16_384,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(operationName: string | null | undefined, text: string): V | undefined {
    return text.length > this.maxTextLength ? undefined : this.entries.get(keyOf(operationName, text));
  }

  /** Keeps `value` for the text; false (nothing kept) when the text is too long to keep. */
  set(operationName: string | null | undefined, text: string, value: V): boolean {
    if (text.length > this.maxTextLength) return false;
    const key = keyOf(operationName, text);
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return true;
  }

  delete(operationName: string | null | undefined, text: string): void {
    this.entries.delete(keyOf(operationName, text));
  }

  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (operationName: string | null | undefined, text: string) => `${operationName ?? ''}\n${text}`;
