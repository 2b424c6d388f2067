// What a suite sets up once and tears down at the end, declared in one line:
// `const x = useFixture(make, close)` registers the beforeAll that makes it and the
// afterAll that closes it, in the describe block it is called in, and `x` can be used
// by name in the tests. Jest runs afterAll hooks in declaration order (not reversed):
// things that must close in a set order belong in one helper (useApi, useWorkerStack).

/**
 * A value made in beforeAll and usable by name in tests: a stand-in that forwards to
 * the made value (reading it before beforeAll has run is an error).
 */
export function useFixture<T extends object>(make: () => T | Promise<T>, close?: (value: T) => unknown): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await make();
  });
  if (close)
    afterAll(async () => {
      if (value !== undefined) await close(value);
    });
  return lateBound(() => value);
}

/** An object that forwards every read to `get()`, once that has a value. */
export function lateBound<T extends object>(get: () => T | undefined): T {
  const target = (): T => {
    const v = get();
    if (v === undefined) throw new Error('a suite fixture was used before its beforeAll ran');
    return v;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const v = target();
      const field = Reflect.get(v, key, v) as unknown;
      return typeof field === 'function' ? field.bind(v) : field;
    },
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}
