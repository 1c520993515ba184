/**
 * A server-sent event stream (text/event-stream) for a route handler: named
 * events, a comment every `heartbeatMs` so proxies and load balancers do not
 * close an idle connection, and an end after `maxMs`, when the browser's
 * EventSource reconnects by itself and so passes the guard again (a session
 * signed out elsewhere is refused then). Ends when the client goes away.
 */
export type EventStreamOptions = {
  heartbeatMs?: number;
  maxMs?: number;
  /** Milliseconds the browser waits before reconnecting after the stream ends. */
  retryMs?: number;
  signal?: AbortSignal;
};

export type EventSink = {
  send: (event: string, data: string) => void;
  /** Ends the stream (the browser reconnects after `retryMs`). */
  end: () => void;
};

export const EVENT_STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: nothing in between may compress or buffer it; no-store: never kept.
  "Cache-Control": "no-cache, no-store, no-transform",
  "X-Accel-Buffering": "no",
} as const;

/** `start` wires the sink to its source and returns what to do when the stream ends. */
export function eventStream(start: (sink: EventSink) => () => void, options: EventStreamOptions = {}): ReadableStream<Uint8Array> {
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const maxMs = options.maxMs ?? 10 * 60_000;
  const retryMs = options.retryMs ?? 2_000;
  const encoder = new TextEncoder();
  let finish: () => void = () => undefined;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      let stop: () => void = () => undefined;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), heartbeatMs);
      const lifetime = setTimeout(() => finish(), maxMs);
      finish = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        options.signal?.removeEventListener("abort", finish);
        stop();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      options.signal?.addEventListener("abort", finish);
      // The retry delay, and a first line so the browser sees the stream open at once.
      write(`retry: ${retryMs}\n: open\n\n`);
      stop = start({
        send: (event, data) => write(`event: ${event}\ndata: ${data.replace(/\n/g, "\ndata: ")}\n\n`),
        end: () => finish(),
      });
      if (options.signal?.aborted) finish();
    },
    cancel() {
      finish();
    },
  });
}
