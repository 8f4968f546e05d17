/** A Yarn descriptor or locator (`@scope/name@npm:^1.0.0`, `a@workspace:packages/a`) as its name and range. */
export function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  return at === -1 ? { name: descriptor, range: '' } : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}
