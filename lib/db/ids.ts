import { v7 } from "uuid";

/**
 * A UUID version 7 (RFC 9562: 48 bits of Unix time in milliseconds, then random bits), the kind Prisma's
 * `@default(uuid(7))` makes, for rows a service inserts in SQL of its own (they sort by creation like the rest).
 * The `uuid` package makes it (its monotonic counter keeps ids made in the same millisecond in order).
 */
export function uuidV7(now: number = Date.now()): string {
  return v7({ msecs: now });
}
