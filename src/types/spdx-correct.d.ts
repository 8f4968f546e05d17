declare module 'spdx-correct' {
  function correct(value: string, options?: { upgrade?: boolean }): string | null;
  export = correct;
}
