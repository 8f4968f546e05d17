// The key/value metadata of a GGUF file (llama.cpp's model format), read without touching tensor
// data. Layout (ggml docs/gguf.md): magic "GGUF", u32 version, tensor count and key count (u64; u32 in
// version 1), then each key (string) with a u32 value type and its value. Only `general.*` scalars are
// kept; everything else is skipped by length. Every count and length is bounded (GGUF_LIMITS), so a
// hostile header ends as a HeaderError, never as a crash or a huge allocation.
import { openRegularFile } from '../../model/index.js';
import { BoundedReader, HeaderError } from './bounded-reader.js';

export const GGUF_LIMITS = {
  /** Real files carry a few dozen keys. */
  maxKeys: 65_536,
  /** The format caps keys at 65535 bytes. */
  maxKeyBytes: 65_535,
  /** Chat templates run to tens of kilobytes; nothing legitimate comes near this. */
  maxStringBytes: 16 * 1024 * 1024,
  /** Tokenizer vocabularies hold up to a few hundred thousand entries. */
  maxArrayItems: 2 * 1024 * 1024,
  maxArrayDepth: 3,
  /** Bytes of header walked (read or skipped) before giving up. */
  maxHeaderBytes: 256 * 1024 * 1024,
  /** Kept `general.*` values: their number and the length of each string. */
  maxKeptValues: 256,
  maxKeptStringBytes: 8 * 1024,
};

export type GgufLimits = typeof GGUF_LIMITS;

export interface GgufHeader {
  version: number;
  tensorCount: number;
  keyCount: number;
  /** `general.*` keys with string, number or boolean values (strings cut at maxKeptStringBytes). */
  general: Map<string, string | number | boolean>;
}

const MAGIC = 'GGUF';
const enum ValueType {
  Uint8 = 0,
  Int8 = 1,
  Uint16 = 2,
  Int16 = 3,
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
  Int64 = 11,
  Float64 = 12,
}
const FIXED_SIZES: Partial<Record<number, number>> = {
  [ValueType.Uint8]: 1,
  [ValueType.Int8]: 1,
  [ValueType.Bool]: 1,
  [ValueType.Uint16]: 2,
  [ValueType.Int16]: 2,
  [ValueType.Uint32]: 4,
  [ValueType.Int32]: 4,
  [ValueType.Float32]: 4,
  [ValueType.Uint64]: 8,
  [ValueType.Int64]: 8,
  [ValueType.Float64]: 8,
};

/** Reads the header of a GGUF file; throws HeaderError when it cannot be read as GGUF within the limits. */
export async function readGgufHeader(path: string, limits: GgufLimits = GGUF_LIMITS): Promise<GgufHeader> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    return await parseHeader(new BoundedReader(handle, size, limits.maxHeaderBytes), limits);
  } finally {
    await handle.close();
  }
}

async function parseHeader(reader: BoundedReader, limits: GgufLimits): Promise<GgufHeader> {
  if (reader.size < 4 || (await reader.bytes(4, 'magic')).toString('latin1') !== MAGIC) throw new HeaderError('bad-magic', { format: 'gguf' });
  const version = await reader.u32('version');
  if (version < 1 || version > 3) throw new HeaderError('unsupported-version', { format: 'gguf', version });
  const wide = version >= 2;
  const count = (what: string): Promise<number> => (wide ? reader.u64(what) : reader.u32(what));

  const tensorCount = await count('tensor-count');
  const keyCount = await count('key-count');
  if (keyCount > limits.maxKeys) throw new HeaderError('limit-exceeded', { format: 'gguf', what: 'key-count', value: keyCount, max: limits.maxKeys });

  const general = new Map<string, string | number | boolean>();
  for (let index = 0; index < keyCount; index += 1) {
    const keyLength = await count('key-length');
    if (keyLength > limits.maxKeyBytes) throw new HeaderError('limit-exceeded', { format: 'gguf', what: 'key-length', value: keyLength, max: limits.maxKeyBytes });
    const key = (await reader.bytes(keyLength, 'key')).toString('utf8');
    const type = await reader.u32('value-type');
    const keep = key.startsWith('general.') && general.size < limits.maxKeptValues;
    const value = await readValue(reader, type, keep, 0, wide, count, limits);
    if (keep && value !== undefined) general.set(key, value);
  }
  return { version, tensorCount, keyCount, general };
}

/** Reads one value; returns it only when kept and scalar, else skips it. */
async function readValue(
  reader: BoundedReader,
  type: number,
  keep: boolean,
  depth: number,
  wide: boolean,
  count: (what: string) => Promise<number>,
  limits: GgufLimits,
): Promise<string | number | boolean | undefined> {
  if (type === ValueType.String) {
    const length = await count('string-length');
    if (length > limits.maxStringBytes) throw new HeaderError('limit-exceeded', { format: 'gguf', what: 'string-length', value: length, max: limits.maxStringBytes });
    if (!keep) {
      reader.skip(length, 'string');
      return undefined;
    }
    const kept = Math.min(length, limits.maxKeptStringBytes);
    const text = (await reader.bytes(kept, 'string')).toString('utf8');
    reader.skip(length - kept, 'string');
    return text;
  }
  if (type === ValueType.Array) {
    if (depth >= limits.maxArrayDepth) throw new HeaderError('limit-exceeded', { format: 'gguf', what: 'array-depth', value: depth + 1, max: limits.maxArrayDepth });
    const itemType = await reader.u32('array-type');
    const items = await count('array-length');
    if (items > limits.maxArrayItems) throw new HeaderError('limit-exceeded', { format: 'gguf', what: 'array-length', value: items, max: limits.maxArrayItems });
    const itemSize = FIXED_SIZES[itemType];
    if (itemSize !== undefined) {
      reader.skip(items * itemSize, 'array');
      return undefined;
    }
    if (itemType === ValueType.String) {
      await reader.skipStrings(items, wide ? 8 : 4, limits.maxStringBytes, 'string-length');
      return undefined;
    }
    if (itemType !== ValueType.Array) throw new HeaderError('malformed', { format: 'gguf', reason: 'unknown-value-type', type: itemType });
    for (let index = 0; index < items; index += 1) await readValue(reader, itemType, false, depth + 1, wide, count, limits);
    return undefined;
  }
  const size = FIXED_SIZES[type];
  if (size === undefined) throw new HeaderError('malformed', { format: 'gguf', reason: 'unknown-value-type', type });
  if (!keep) {
    reader.skip(size, 'value');
    return undefined;
  }
  const bytes = await reader.bytes(size, 'value');
  switch (type) {
    case ValueType.Uint8:
      return bytes.readUInt8(0);
    case ValueType.Int8:
      return bytes.readInt8(0);
    case ValueType.Bool:
      return bytes.readUInt8(0) !== 0;
    case ValueType.Uint16:
      return bytes.readUInt16LE(0);
    case ValueType.Int16:
      return bytes.readInt16LE(0);
    case ValueType.Uint32:
      return bytes.readUInt32LE(0);
    case ValueType.Int32:
      return bytes.readInt32LE(0);
    case ValueType.Float32:
      return bytes.readFloatLE(0);
    case ValueType.Float64:
      return bytes.readDoubleLE(0);
    case ValueType.Uint64:
      return Number(bytes.readBigUInt64LE(0));
    default:
      return Number(bytes.readBigInt64LE(0));
  }
}
