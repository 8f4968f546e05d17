// The terminal around a run: colour when the stream is a terminal (NO_COLOR and FORCE_COLOR win), its
// width, and a progress line on stderr for long runs (terminals only). The verdict line is report/verdict.ts.

export interface OutputStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** https://no-color.org and the FORCE_COLOR convention: NO_COLOR (non-empty) off, FORCE_COLOR on (unless 0/false), else a TTY. */
export function colourEnabled(stream: OutputStream, env: Environment): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * The columns a table written to `stream` must fit: COLUMNS when set (the shell's own convention),
 * else the terminal's width; null for a pipe or a file, which get whole lines.
 */
export function terminalWidth(stream: OutputStream & { columns?: number }, env: Environment): number | null {
  const fromEnv = Number.parseInt(env.COLUMNS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : null;
}

export interface Progress {
  /** Names the current phase ("walking the lockfile"…). */
  phase(label: string): void;
  /** Clears the line; call before anything else is written to the stream. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const noProgress: Progress = { phase: () => undefined, stop: () => undefined };

/**
 * A spinner with the current phase and the time spent, redrawn in place on stderr. Only on a terminal and
 * only once the run has lasted `delayMs`, so that quick runs and CI logs never see it.
 */
export function startProgress(stream: OutputStream, options: { enabled: boolean; delayMs?: number; now?: () => number }): Progress {
  if (!options.enabled || stream.isTTY !== true) return noProgress;
  const now = options.now ?? Date.now;
  const started = now();
  const delay = options.delayMs ?? 400;
  let label = 'scanning';
  let frame = 0;
  let drawn = false;
  const timer = globalThis.setInterval(() => {
    const elapsed = now() - started;
    if (elapsed < delay) return;
    frame = (frame + 1) % FRAMES.length;
    stream.write(`\r\u001b[2K${FRAMES[frame]} licit: ${label} (${(elapsed / 1000).toFixed(1)}s)`);
    drawn = true;
  }, 100);
  timer.unref();
  return {
    phase: (next) => {
      label = next;
    },
    stop: () => {
      globalThis.clearInterval(timer);
      if (drawn) stream.write('\r\u001b[2K');
      drawn = false;
    },
  };
}
