import PackageJson from '@npmcli/package-json';

/**
 * Arborist's full walk of node_modules reads every package.json at once (a `Promise.all` over each
 * node_modules directory), and every read holds a file descriptor until the thread pool gets to it.
 * Past the process's descriptor limit the reads fail with EMFILE, arborist keeps the failed packages
 * as unreadable, and which ones fail changes from run to run (50,000 packages under a limit of
 * 20,000: about half). Here at most READS_IN_FLIGHT package.json reads run at once (the thread pool
 * has 4 threads: more buys nothing), and a read that still meets a full descriptor table (other
 * work in the process holds descriptors too) waits and tries again.
 */
export const READS_IN_FLIGHT = 64;
const RETRY_DELAYS_MS = [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000, 1000];

const INSTALLED = Symbol.for('licit.boundedManifestReads');

type Normalize = (path: string, options?: object) => Promise<unknown>;

/** A FIFO semaphore whose queue is an array read by index (shift() on a 50,000-entry array costs its length). */
class Slots {
  #free: number;
  #queue: (() => void)[] = [];
  #head = 0;
  /** The largest number of reads ever in flight at once, for the tests. */
  peak = 0;
  #active = 0;

  constructor(size: number) {
    this.#free = size;
  }

  async acquire(): Promise<void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#queue.push(resolve));
    this.#active++;
    this.peak = Math.max(this.peak, this.#active);
  }

  release(): void {
    this.#active--;
    if (this.#head < this.#queue.length) {
      const next = this.#queue[this.#head++]!;
      if (this.#head === this.#queue.length) {
        this.#queue = [];
        this.#head = 0;
      }
      next();
    } else {
      this.#free++;
    }
  }
}

const slots = new Slots(READS_IN_FLIGHT);

function isDescriptorShortage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounds `PackageJson.normalize` (how arborist reads each installed package.json); idempotent. */
export function installBoundedManifestReads(): void {
  const target = PackageJson as unknown as Record<PropertyKey, unknown> & { normalize: Normalize };
  if (target[INSTALLED]) return;
  const original = target.normalize;
  target.normalize = async function boundedNormalize(this: unknown, path: string, options?: object): Promise<unknown> {
    await slots.acquire();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          return await original.call(this, path, options);
        } catch (error) {
          const delay = RETRY_DELAYS_MS[attempt];
          if (!isDescriptorShortage(error) || delay === undefined) throw error;
          await pause(delay);
        }
      }
    } finally {
      slots.release();
    }
  };
  target[INSTALLED] = true;
}

/** The most package.json reads that were ever in flight at once in this process. */
export function peakManifestReads(): number {
  return slots.peak;
}
