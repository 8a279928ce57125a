/** Remembers `keys` of process.env; the returned function puts them back (deleting those that were unset). */
export function saveEnv(keys: readonly string[]): () => void {
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  return () => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
}
