/**
 * The connection pool under Prisma. node-postgres's own `pool.query` ends its connection after *any* failed
 * statement, a refused one included (it releases the client with the error, and pg-pool removes a client released
 * with an error: brianc/node-postgres#1290). Prisma's driver adapter sends every statement outside an interactive
 * transaction through `pool.query`, so every "that slot was just booked" cost a new connection: TCP, SCRAM's 4,096
 * rounds of PBKDF2 on both sides and a new PostgreSQL backend. In the booking race 180 of 200 attempts are refused
 * by the unique index, and the race spent more of its time opening connections than booking (measured: 186 new
 * sessions in one race).
 *
 * Here a connection whose statement the server refused (an ERROR, not FATAL or PANIC) goes back to the pool once it
 * is shown to be idle and outside any transaction. Every other failure (the connection broke, timed out, or the
 * server ended the session) still ends the connection, as before.
 */
import pg from "pg";

/** Whether a connection may be reused after `error`: the server refused a statement and the session is idle again. */
async function reusableAfter(client: pg.PoolClient, error: unknown): Promise<boolean> {
  if (!(error instanceof pg.DatabaseError)) return false;
  if (error.severity === "FATAL" || error.severity === "PANIC") return false;
  // The error arrives before the server's ReadyForQuery, so the transaction state is not yet known. One round trip
  // settles it: a statement in a failed transaction block is itself refused, and after it the state is current.
  try {
    await client.query("SELECT 1");
  } catch {
    return false;
  }
  return client.getTransactionStatus() === "I";
}

type Query = (config: pg.QueryConfig | string, values?: unknown[]) => Promise<pg.QueryResult>;

async function queryKeepingConnection(pool: pg.Pool, config: pg.QueryConfig | string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = await pool.connect();
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.removeListener("error", onError);
    client.release(error);
  };
  // A checked-out client has no listener of the pool's; an error event on it (the connection dropping) must not be
  // left unhandled. The statement's own promise is rejected too, and answers the caller.
  const onError = (error: Error) => release(error);
  client.once("error", onError);
  try {
    const result = await client.query(config, values);
    release();
    return result;
  } catch (error) {
    if (!released) release((await reusableAfter(client, error)) ? undefined : error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

/**
 * A pg.Pool whose promise-returning `query` keeps a connection through a refused statement. The callback forms, which
 * nothing here uses, keep pg-pool's behaviour.
 */
export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const keeping: Query = (config, values) => queryKeepingConnection(pool, config, values);
  pool.query = ((...args: unknown[]) =>
    args.some((arg) => typeof arg === "function") || (typeof args[0] === "object" && args[0] !== null && "submit" in args[0])
      ? original(...args)
      : keeping(args[0] as pg.QueryConfig | string, args[1] as unknown[] | undefined)) as typeof pool.query;
  return pool;
}
