/** A Map-backed `localStorage` on globalThis, for store tests that run outside a browser; returns the Map. */
export function installMemoryStorage(): Map<string, string> {
  const storage = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    },
  });
  return storage;
}
