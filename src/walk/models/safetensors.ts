// The `__metadata__` of a safetensors file (huggingface/safetensors): an 8-byte little-endian header
// length, then that many bytes of JSON, then tensor data. The length is checked against the file size
// and a bound before anything is read, so a header that lies about its size is a HeaderError.
import { openRegularFile } from '../../model/index.js';
import { BoundedReader, HeaderError } from './bounded-reader.js';

export const SAFETENSORS_LIMITS = {
  /** The reference implementation refuses headers above 100 MB; real ones are well under a megabyte. */
  maxHeaderBytes: 32 * 1024 * 1024,
  maxKeptValues: 256,
  maxKeptStringBytes: 8 * 1024,
};

export type SafetensorsLimits = typeof SAFETENSORS_LIMITS;

export interface SafetensorsHeader {
  headerBytes: number;
  /** The string entries of `__metadata__` (the format allows only strings there). */
  metadata: Map<string, string>;
}

export async function readSafetensorsHeader(path: string, limits: SafetensorsLimits = SAFETENSORS_LIMITS): Promise<SafetensorsHeader> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    const reader = new BoundedReader(handle, size, 8 + limits.maxHeaderBytes);
    const headerBytes = await reader.u64('header-length').catch((error: unknown) => {
      if (error instanceof HeaderError && error.code === 'limit-exceeded') throw new HeaderError('header-size-mismatch', { format: 'safetensors', size });
      throw error;
    });
    if (headerBytes > size - 8) throw new HeaderError('header-size-mismatch', { format: 'safetensors', declared: headerBytes, available: size - 8 });
    if (headerBytes > limits.maxHeaderBytes) {
      throw new HeaderError('limit-exceeded', { format: 'safetensors', what: 'header-length', value: headerBytes, max: limits.maxHeaderBytes });
    }
    if (headerBytes < 2) throw new HeaderError('malformed', { format: 'safetensors', reason: 'empty-header' });
    const text = (await reader.bytes(headerBytes, 'header')).toString('utf8');
    return { headerBytes, metadata: metadataOf(text, limits) };
  } catch (error) {
    if (error instanceof HeaderError && error.code === 'truncated') throw new HeaderError('truncated', { ...error.args, format: 'safetensors' });
    throw error;
  } finally {
    await handle.close();
  }
}

function metadataOf(text: string, limits: SafetensorsLimits): Map<string, string> {
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new HeaderError('malformed', { format: 'safetensors', reason: 'header-not-json' });
  }
  if (!isObject(header)) throw new HeaderError('malformed', { format: 'safetensors', reason: 'header-not-object' });
  const metadata = new Map<string, string>();
  const raw = header.__metadata__;
  if (raw === undefined) return metadata;
  if (!isObject(raw)) throw new HeaderError('malformed', { format: 'safetensors', reason: 'metadata-not-object' });
  for (const [key, value] of Object.entries(raw)) {
    if (metadata.size >= limits.maxKeptValues) break;
    if (typeof value === 'string') metadata.set(key, value.slice(0, limits.maxKeptStringBytes));
  }
  return metadata;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
