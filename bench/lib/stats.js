// Small numeric helpers for timings (seconds).

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** a / b, or undefined when either side is missing. */
export function ratio(a, b) {
  if (a === undefined || b === undefined || b === 0) return undefined;
  return a / b;
}

export function formatSeconds(seconds) {
  return seconds === undefined ? 'n/a' : seconds.toFixed(2);
}

export function formatRatio(value) {
  return value === undefined ? 'n/a' : `${value.toFixed(2)}×`;
}
