/**
 * What several screens of one clinic day read, built once per instance and
 * shared until that day changes (docs/decisions/0013-several-instances-one-database.md).
 *
 * When a change is pushed, every screen watching the day refetches at once;
 * without this, 30 screens would cost 30 identical board builds per change.
 * An entry is dropped the moment a notification for its day arrives (the hub's
 * `notified`, before any coalescing), so nothing committed before a read began
 * is ever missing from what it returns: a build in flight when a notification
 * arrives is dropped too (its callers keep it; later callers build afresh).
 * Entries also age out after `maxAgeMs` (what a board shows grows with the
 * clock). While the hub is not listening nothing is cached: every read builds.
 */
import type { FlowEvents } from "./flow-events";

export type DayCache = {
  /** The value for `key` of `clinicDayId`: shared while it is current, else built by `build`. */
  read: <T>(clinicDayId: string, key: string, build: () => Promise<T>) => Promise<T>;
  /** True when `key` was marked (`mark`) on this instance within `ttlMs`. */
  seen: (key: string, ttlMs: number) => boolean;
  mark: (key: string) => void;
  /** Entries held (for tests). */
  size: () => number;
};

type Entry = { value: Promise<unknown>; startedAt: number };
type Day = { entries: Map<string, Entry>; lastUsed: number; unsubscribe: () => void };

export function createDayCache(hub: FlowEvents, options: { maxAgeMs?: number; idleMs?: number } = {}): DayCache {
  const maxAgeMs = options.maxAgeMs ?? 15_000;
  const idleMs = options.idleMs ?? 5 * 60_000;
  const days = new Map<string, Day>();
  const marks = new Map<string, number>();

  const sweep = (now: number) => {
    for (const [id, day] of days) {
      if (now - day.lastUsed > idleMs) {
        day.unsubscribe();
        days.delete(id);
      }
    }
    for (const [key, at] of marks) if (now - at > idleMs * 4) marks.delete(key);
  };

  return {
    async read<T>(clinicDayId: string, key: string, build: () => Promise<T>): Promise<T> {
      // Without the push nothing would tell the cache of a change.
      if (!hub.listening()) return build();
      const now = Date.now();
      sweep(now);
      let day = days.get(clinicDayId);
      if (!day) {
        const entries = new Map<string, Entry>();
        day = {
          entries,
          lastUsed: now,
          unsubscribe: hub.subscribe(clinicDayId, {
            changed: () => entries.clear(),
            notified: () => entries.clear(),
            interrupted: () => entries.clear(),
          }),
        };
        days.set(clinicDayId, day);
      }
      day.lastUsed = now;
      const held = day.entries.get(key);
      if (held && now - held.startedAt < maxAgeMs) return held.value as Promise<T>;
      const entry: Entry = { value: build(), startedAt: now };
      const entries = day.entries;
      entries.set(key, entry);
      entry.value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return entry.value as Promise<T>;
    },
    seen(key, ttlMs) {
      const at = marks.get(key);
      return at !== undefined && Date.now() - at < ttlMs;
    },
    mark(key) {
      marks.set(key, Date.now());
    },
    size: () => [...days.values()].reduce((n, d) => n + d.entries.size, 0),
  };
}
