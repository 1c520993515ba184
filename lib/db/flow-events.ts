/**
 * Flow-board changes, pushed: one LISTEN connection per app instance, fanned
 * out to every screen this instance serves (docs/decisions/0013-several-instances-one-database.md).
 *
 * Triggers in the `flow_board_notify` migration send
 * `pg_notify('clinic_day_flow', <clinic day id>)` when a change that alters a
 * board commits, whichever instance (or script) made it. Each instance holds
 * one connection of its own outside the query pool, listening on that channel;
 * the database pays for one listener per instance, never per screen.
 *
 * Notifications for a day are coalesced: subscribers hear "changed" once a
 * short settle time after the first, and no more often than every
 * `minGapMs`, so a burst of bookings is one refetch per screen, not fifty.
 * When the connection is lost (database restarted, network gone) subscribers
 * hear "interrupted" and the hub reconnects with backoff; once it listens again
 * every subscriber hears "changed", because something may have changed unheard.
 */
import pg from "pg";
import { env } from "@/lib/env";

export const FLOW_CHANNEL = "clinic_day_flow";

export type FlowSubscriber = {
  /** Something on this clinic day's board changed: refetch it. */
  changed: () => void;
  /** The hub lost its database connection; changes may be missed until it is back (then `changed` follows). */
  interrupted?: () => void;
  /** Told at once on every notification, before coalescing: for a cache that must drop what it holds straight away. */
  notified?: () => void;
};

export type FlowEvents = {
  /** Listens for one clinic day's changes; returns the unsubscribe. */
  subscribe: (clinicDayId: string, subscriber: FlowSubscriber) => () => void;
  /** True once LISTEN is in place, false if it is not within `timeoutMs` (the connection is started if it was not). */
  ready: (timeoutMs: number) => Promise<boolean>;
  listening: () => boolean;
  /** How many subscribers this instance holds (for the bench and tests). */
  subscriberCount: () => number;
  close: () => Promise<void>;
};

export type FlowEventsOptions = {
  /** Wait this long after a day's first notification before telling subscribers (more may follow in the same burst). */
  settleMs?: number;
  /** Never tell one day's subscribers twice within this many milliseconds. */
  minGapMs?: number;
  /** How often the idle connection is checked with a round trip, to notice a connection that died silently. */
  checkEveryMs?: number;
  log?: (message: string) => void;
};

type DayState = { subscribers: Set<FlowSubscriber>; timer?: NodeJS.Timeout; lastToldAt: number };

export function createFlowEvents(databaseUrl: string, options: FlowEventsOptions = {}): FlowEvents {
  const settleMs = options.settleMs ?? 100;
  const minGapMs = options.minGapMs ?? 750;
  const checkEveryMs = options.checkEveryMs ?? 30_000;
  const log = options.log ?? ((message: string) => console.warn(`[flow-events] ${message}`));

  const days = new Map<string, DayState>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let isListening = false;
  let everListened = false;
  let closed = false;
  let backoffMs = 250;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let checkTimer: NodeJS.Timeout | undefined;
  const waiters = new Set<() => void>();

  const each = (fn: (s: FlowSubscriber) => void) => {
    for (const state of days.values()) for (const s of [...state.subscribers]) fn(s);
  };

  const tell = (clinicDayId: string) => {
    const state = days.get(clinicDayId);
    if (!state) return;
    state.timer = undefined;
    state.lastToldAt = Date.now();
    for (const s of [...state.subscribers]) s.changed();
  };

  const notified = (clinicDayId: string) => {
    const state = days.get(clinicDayId);
    // Nobody on this instance watches that day: nothing to do.
    if (!state) return;
    for (const s of [...state.subscribers]) s.notified?.();
    if (state.timer) return;
    const wait = Math.max(settleMs, state.lastToldAt + minGapMs - Date.now());
    state.timer = setTimeout(() => tell(clinicDayId), wait);
  };

  const lost = (why: string) => {
    if (!client) return;
    const dead = client;
    client = null;
    const wasListening = isListening;
    isListening = false;
    clearInterval(checkTimer);
    dead.removeAllListeners("notification");
    // An error after this point (the socket closing) is expected.
    dead.on("error", () => undefined);
    void dead.end().catch(() => undefined);
    if (wasListening) {
      log(`lost the database connection (${why}); reconnecting`);
      each((s) => s.interrupted?.());
    }
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, backoffMs);
    backoffMs = Math.min(backoffMs * 2, 5_000);
  };

  const connect = (): Promise<void> => {
    if (closed || client || connecting) return connecting ?? Promise.resolve();
    const next = new pg.Client({
      connectionString: databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      application_name: "clinic-day flow-events",
    });
    connecting = (async () => {
      try {
        next.on("error", (error: Error) => lost(error.message));
        next.on("end", () => lost("connection ended"));
        await next.connect();
        client = next;
        next.on("notification", (message) => {
          if (message.channel === FLOW_CHANNEL && message.payload) notified(message.payload);
        });
        await next.query(`LISTEN ${FLOW_CHANNEL}`);
        if (closed) {
          await next.end().catch(() => undefined);
          return;
        }
        isListening = true;
        backoffMs = 250;
        const again = everListened;
        everListened = true;
        for (const done of [...waiters]) done();
        let checking = false;
        checkTimer = setInterval(() => {
          if (client !== next || checking) return;
          checking = true;
          const timeout = setTimeout(() => lost("no answer to the connection check"), 10_000);
          next.query("select 1").then(
            () => {
              checking = false;
              clearTimeout(timeout);
            },
            (error: Error) => {
              clearTimeout(timeout);
              lost(error.message);
            },
          );
        }, checkEveryMs);
        checkTimer.unref();
        if (again) {
          log("listening again");
          // Whatever changed while the connection was down went unheard.
          for (const id of days.keys()) tell(id);
        }
      } catch (error) {
        if (client === next) lost(error instanceof Error ? error.message : String(error));
        else {
          next.on("error", () => undefined);
          void next.end().catch(() => undefined);
          scheduleReconnect();
        }
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  return {
    subscribe(clinicDayId, subscriber) {
      let state = days.get(clinicDayId);
      if (!state) {
        state = { subscribers: new Set(), lastToldAt: 0 };
        days.set(clinicDayId, state);
      }
      state.subscribers.add(subscriber);
      void connect();
      return () => {
        const current = days.get(clinicDayId);
        if (!current) return;
        current.subscribers.delete(subscriber);
        if (current.subscribers.size === 0) {
          clearTimeout(current.timer);
          days.delete(clinicDayId);
        }
      };
    },
    async ready(timeoutMs) {
      if (isListening) return true;
      void connect();
      return new Promise<boolean>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve(isListening);
        }, timeoutMs);
        waiters.add(done);
      });
    },
    listening: () => isListening,
    subscriberCount: () => [...days.values()].reduce((n, s) => n + s.subscribers.size, 0),
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      clearInterval(checkTimer);
      for (const state of days.values()) clearTimeout(state.timer);
      days.clear();
      await connecting;
      const open = client;
      client = null;
      isListening = false;
      if (open) {
        open.removeAllListeners();
        open.on("error", () => undefined);
        await open.end().catch(() => undefined);
      }
    },
  };
}

const globalForFlow = globalThis as unknown as { clinicDayFlowEvents?: FlowEvents };

/** This instance's one hub (kept across hot reloads in development). */
export function flowEvents(): FlowEvents {
  globalForFlow.clinicDayFlowEvents ??= createFlowEvents(env().DATABASE_URL);
  return globalForFlow.clinicDayFlowEvents;
}
