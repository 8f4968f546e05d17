import { sha256Hex } from './identity.js';

/**
 * Hands out SPDX element ids (`SPDXRef-` + letters, digits, "." and "-"). Each seed is sanitised
 * character by character; when two seeds sanitise to the same id, the later one gets a hash of its seed.
 * Callers allocate in a fixed order, so the ids are stable.
 */
export class SpdxIdAllocator {
  private readonly taken = new Set<string>(['SPDXRef-DOCUMENT']);

  allocate(prefix: string, seed: string): string {
    const base = `SPDXRef-${prefix}-${seed.replace(/[^A-Za-z0-9.-]/g, '-')}`;
    let id = base;
    if (this.taken.has(id)) id = `${base}-${sha256Hex(seed).slice(0, 8)}`;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${sha256Hex(seed).slice(0, 8)}-${n}`;
    this.taken.add(id);
    return id;
  }
}
