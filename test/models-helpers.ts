// Writers of tiny real-format model files for the model tests: GGUF (ggml docs/gguf.md) and safetensors.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const u32 = (value: number): Buffer => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
};

export const u64 = (value: number | bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(BigInt(value));
  return buffer;
};

/** A GGUF string (version 2+): u64 length, then the UTF-8 bytes. */
export const ggufString = (text: string): Buffer => {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u64(bytes.length), bytes]);
};

export type GgufValue = string | number | boolean | string[];

/** One key/value entry: strings, u32 numbers, booleans and string arrays. */
export function ggufEntry(key: string, value: GgufValue): Buffer {
  if (typeof value === 'string') return Buffer.concat([ggufString(key), u32(8), ggufString(value)]);
  if (typeof value === 'number') return Buffer.concat([ggufString(key), u32(4), u32(value)]);
  if (typeof value === 'boolean') return Buffer.concat([ggufString(key), u32(7), Buffer.from([value ? 1 : 0])]);
  return Buffer.concat([ggufString(key), u32(9), u32(8), u64(value.length), ...value.map(ggufString)]);
}

/** A version-3 GGUF file with the given metadata and no tensors. */
export function ggufFile(entries: Record<string, GgufValue>, options: { keyCount?: number | bigint; version?: number } = {}): Buffer {
  const body = Object.entries(entries).map(([key, value]) => ggufEntry(key, value));
  return Buffer.concat([Buffer.from('GGUF', 'latin1'), u32(options.version ?? 3), u64(0), u64(options.keyCount ?? body.length), ...body]);
}

/** A safetensors file: u64 header length, the JSON header, then `data` bytes. */
export function safetensorsFile(metadata: Record<string, string>, options: { declaredLength?: number | bigint; data?: number } = {}): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: metadata, 'w.weight': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
  return Buffer.concat([u64(options.declaredLength ?? header.length), header, Buffer.alloc(options.data ?? 4)]);
}

/** A fresh temporary directory with the given files (paths relative to it, parents created). */
export function tempProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'licit-models-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
