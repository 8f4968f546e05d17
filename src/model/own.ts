// Reading a plain object by a key that came from outside (a package.json, a lockfile, a registry, the
// command line): "__proto__", "constructor" or "toString" must find nothing, not Object.prototype's member.

/** The object's own property `key`, or undefined (never one inherited from a prototype). */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  // eslint-disable-next-line licit/no-external-key-index -- the one place the index is guarded by Object.hasOwn
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `key` as the object's own property, even when it is "__proto__" (an assignment would replace the prototype). */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
