/**
 * Objects keyed by data: map keys in a response, JSON or shorthand a user typed, names in a config file.
 * Such a key may be anything, `__proto__`, `constructor` and `toString` included. Assigning
 * `obj['__proto__'] = v` would set the object's prototype instead of a key (the key vanishes, and its
 * value's members show up as fake keys), and looking up `obj['constructor']` finds Object's. So keys from
 * data are set with `setOwn` and looked up with `getOwn`, and containers that are only ever looked up
 * (config sections, profiles) have no prototype at all.
 */

/** `target[key] = value`, a `__proto__` key made an ordinary own property like any other. */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** `source[key]` when `key` is the object's own, never something it inherits. */
export function getOwn<T>(source: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return source !== undefined && Object.hasOwn(source, key) ? source[key] : undefined;
}

/** An empty object with no prototype, for a container only looked up by key. */
export function bareObject<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
