// Sequential reads from a file through one small window, for headers a hostile file may lie about:
// every length is checked against the file's size and the caller's limits before anything is read or
// allocated, so a claimed gigabyte costs nothing.
import type { FindingCode } from '../../model/index.js';
import type { FileHandle } from 'node:fs/promises';

const WINDOW_BYTES = 256 * 1024;

/** A header that cannot be read as its format says; `code` becomes the finding's sub-code. */
export class HeaderError extends Error {
  constructor(
    readonly code: FindingCode<'unreadable-model-file'>,
    readonly args: Record<string, string | number | boolean | null> = {},
  ) {
    super(code);
  }
}

export class BoundedReader {
  #window = Buffer.alloc(0);
  #windowStart = 0;
  #position = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    /** Bytes the reader may walk past (read or skip) before giving up. */
    private readonly maxBytes: number,
  ) {}

  get position(): number {
    return this.#position;
  }

  /** `count` bytes as a Buffer: a view into the window, valid until the next read. */
  async bytes(count: number, what: string): Promise<Buffer> {
    this.#claim(count, what);
    const offset = this.#position - this.#windowStart;
    if (offset >= 0 && offset + count <= this.#window.length) {
      this.#position += count;
      return this.#window.subarray(offset, offset + count);
    }
    if (count <= WINDOW_BYTES) {
      await this.#fill(this.#position);
      this.#position += count;
      return this.#window.subarray(0, count);
    }
    const buffer = Buffer.alloc(count);
    await this.#readFully(buffer, this.#position);
    this.#position += count;
    return buffer;
  }

  /** Moves past `count` bytes without reading them. */
  skip(count: number, what: string): void {
    this.#claim(count, what);
    this.#position += count;
  }

  async u32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readUInt32LE(0);
  }

  /** A little-endian u64 that must fit a safe integer (lengths, counts); beyond that the header lies. */
  async u64(what: string): Promise<number> {
    return safeLength((await this.bytes(8, what)).readBigUInt64LE(0), what);
  }

  /**
   * Skips `items` length-prefixed strings (u32 or u64 lengths, each at most `maxLength`). Lengths already
   * in the window are read without awaiting, which keeps vocabularies of 100k+ tokens fast.
   */
  async skipStrings(items: number, lengthBytes: 4 | 8, maxLength: number, what: string): Promise<void> {
    for (let index = 0; index < items; index += 1) {
      const offset = this.#position - this.#windowStart;
      let length: number;
      if (offset >= 0 && offset + lengthBytes <= this.#window.length) {
        this.#claim(lengthBytes, what);
        length = lengthBytes === 4 ? this.#window.readUInt32LE(offset) : safeLength(this.#window.readBigUInt64LE(offset), what);
        this.#position += lengthBytes;
      } else {
        length = lengthBytes === 4 ? await this.u32(what) : await this.u64(what);
      }
      if (length > maxLength) throw new HeaderError('limit-exceeded', { what, value: length, max: maxLength });
      this.skip(length, what);
    }
  }

  #claim(count: number, what: string): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new HeaderError('malformed', { what, reason: 'negative-or-unsafe-length' });
    if (this.#position + count > this.size) {
      throw new HeaderError('truncated', { what, needed: count, at: this.#position, size: this.size });
    }
    if (this.#position + count > this.maxBytes) {
      throw new HeaderError('limit-exceeded', { what: 'header-bytes', value: this.#position + count, max: this.maxBytes });
    }
  }

  async #fill(start: number): Promise<void> {
    const length = Math.min(WINDOW_BYTES, this.size - start);
    if (this.#window.length < WINDOW_BYTES) this.#window = Buffer.alloc(WINDOW_BYTES);
    await this.#readFully(this.#window.subarray(0, length), start);
    this.#window = this.#window.subarray(0, length);
    this.#windowStart = start;
  }

  async #readFully(target: Buffer, start: number): Promise<void> {
    let filled = 0;
    while (filled < target.length) {
      const { bytesRead } = await this.handle.read(target, filled, target.length - filled, start + filled);
      if (bytesRead === 0) throw new HeaderError('truncated', { what: 'file', needed: target.length, at: start, size: this.size });
      filled += bytesRead;
    }
  }
}

function safeLength(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new HeaderError('limit-exceeded', { what, value: value.toString(), max: Number.MAX_SAFE_INTEGER });
  return Number(value);
}
