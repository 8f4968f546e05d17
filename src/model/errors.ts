/**
 * A problem with licit's own input (arguments, the scanned directory, the root's package.json,
 * lockfile or config). The CLI prints `message` on one line and exits 2.
 */
export class LicitInputError extends Error {
  override readonly name = 'LicitInputError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
