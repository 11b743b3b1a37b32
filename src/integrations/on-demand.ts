/**
 * Collectors a register asks for on demand (changes, vulnerabilities), by connector type, each loaded on first use
 * like the connectors' SDKs (lazy.ts); tests replace one with a collector on recorded responses.
 */
export function onDemandCollectors<T>(entries: [type: string, load: () => Promise<T>][]) {
  const loaders = new Map(entries);
  return {
    /** The connector types that have one. */
    types: () => [...loaders.keys()],
    async of(type: string): Promise<T | null> {
      const load = loaders.get(type);
      return load ? load() : null;
    },
    /** Replaces a type's collector: for tests. */
    register(type: string, collector: T) {
      loaders.set(type, async () => collector);
    },
  };
}
