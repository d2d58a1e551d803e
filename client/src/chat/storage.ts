/** The part of `Storage` the chat modules use, so tests and privacy modes can swap it. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

/**
 * localStorage when the browser lets us use it (privacy modes and some embedded browsers
 * throw on access), else a memory stand-in: the chat still works, it just forgets on reload.
 */
export function browserStorage(): KeyValueStorage {
  try {
    const storage = window.localStorage;
    const probe = 'scriptdesk.probe';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

export function readJson(storage: KeyValueStorage, key: string): unknown {
  try {
    const raw = storage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/** Writes, or returns false (quota full, storage revoked) so the caller keeps its memory copy. */
export function writeJson(storage: KeyValueStorage, key: string, value: unknown): boolean {
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Quota exceeded or storage revoked mid-session.
    return false;
  }
}
