// fast-glob expands every brace group of a pattern before it matches anything: `{a,b}` twenty times
// over is a million patterns, and over a minute of work from a one-line config. This counts the
// expansions without making them, so the config can refuse such a pattern up front.

/** Patterns one `ignorePaths` entry may expand to, and all entries together. */
export const MAX_BRACE_EXPANSIONS = 64;
export const MAX_TOTAL_BRACE_EXPANSIONS = 256;

const NUMERIC_RANGE = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/;
const LETTER_RANGE = /^[a-zA-Z]\.\.[a-zA-Z]$/;

/**
 * How many patterns `glob` expands to, as micromatch's brace expansion reads it (alternatives,
 * nested groups, `{1..9}` and `{a..z}` ranges; `\` escapes; an unclosed `{` is literal). Counts
 * beyond `cap` are reported as `cap + 1`, so the count itself never costs more than the pattern's length.
 */
export function braceExpansions(glob: string, cap: number): number {
  const limit = cap + 1;
  const times = (a: number, b: number): number => Math.min(a * b, limit);
  const plus = (a: number, b: number): number => Math.min(a + b, limit);

  /** A run of text up to an unescaped `,` or `}` (inside a group) or the end: its expansion count and where it stopped. */
  const sequence = (start: number, inGroup: boolean): { count: number; end: number } => {
    let count = 1;
    let at = start;
    while (at < glob.length) {
      const char = glob[at];
      if (char === '\\') at += 2;
      else if (inGroup && (char === ',' || char === '}')) break;
      else if (char === '{') {
        const inner = group(at);
        if (inner) {
          count = times(count, inner.count);
          at = inner.end + 1;
        } else {
          at++;
        }
      } else {
        at++;
      }
    }
    return { count, end: at };
  };

  /** The group opening at `start`, or null when it never closes (then the `{` is literal). */
  const group = (start: number): { count: number; end: number } | null => {
    const alternatives: number[] = [];
    let at = start + 1;
    for (;;) {
      const part = sequence(at, true);
      alternatives.push(part.count);
      if (part.end >= glob.length) return null;
      if (glob[part.end] === '}') {
        const count = alternatives.length > 1 ? alternatives.reduce(plus, 0) : times(alternatives[0]!, rangeSize(glob.slice(start + 1, part.end)));
        return { count, end: part.end };
      }
      at = part.end + 1;
    }
  };

  return sequence(0, false).count;
}

/** The number of items of a `{1..10}`, `{0..100..5}` or `{a..z}` range; 1 for anything else (a literal group). */
function rangeSize(body: string): number {
  const numeric = NUMERIC_RANGE.exec(body);
  if (numeric) {
    const span = Math.abs(Number(numeric[2]) - Number(numeric[1]));
    const step = Math.max(1, Math.abs(Number(numeric[3] ?? 1)));
    return Math.floor(span / step) + 1;
  }
  if (LETTER_RANGE.test(body)) return Math.abs(body.charCodeAt(3) - body.charCodeAt(0)) + 1;
  return 1;
}
