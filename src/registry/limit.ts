/** Runs at most `concurrency` of the given tasks at once; the rest wait in order. */
export function createLimit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((wake) => waiting.push(wake));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
