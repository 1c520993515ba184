/**
 * The pool under Prisma keeps a connection through a statement the server refused, and ends it for anything else
 * (lib/db/pool.ts). Checked on real PostgreSQL by the backends' process ids and the database's session count: a
 * refused booking must not open a connection, and a broken or mid-transaction connection must never be reused.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { createPool } from "@/lib/db/pool";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";

let t: TestDatabase;
let admin: pg.Client;

const sessionsOpened = async (): Promise<number> =>
  Number((await admin.query("SELECT sessions FROM pg_stat_database WHERE datname = $1", [t.name])).rows[0].sessions);

beforeAll(async () => {
  t = await freshDatabase();
  admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  await admin.query("CREATE TABLE pool_probe (k text PRIMARY KEY)");
});
afterAll(async () => {
  await admin.end();
});

describe("a refused statement keeps its connection", () => {
  it("through Prisma: a hundred unique violations in a row open no new connection", async () => {
    const db: Db = createDb(t.url, 1);
    try {
      await db.$executeRawUnsafe("INSERT INTO pool_probe (k) VALUES ('taken')");
      const pid = await db.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pg_backend_pid() AS pid");
      const before = await sessionsOpened();
      for (let i = 0; i < 100; i++) {
        await expect(db.$executeRawUnsafe("INSERT INTO pool_probe (k) VALUES ('taken')")).rejects.toThrow(/Unique constraint|unique/i);
      }
      expect(await sessionsOpened()).toBe(before);
      expect(await db.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pg_backend_pid() AS pid")).toEqual(pid);
    } finally {
      await db.$disconnect();
    }
  });

  it("a refused statement's connection answers the next statement correctly", async () => {
    const pool = createPool({ connectionString: t.url, max: 1 });
    try {
      await expect(pool.query("SELECT 1/0")).rejects.toMatchObject({ code: "22012" });
      expect((await pool.query("SELECT 41 + 1 AS n")).rows).toEqual([{ n: 42 }]);
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });
});

describe("anything else still ends the connection", () => {
  it("a statement that leaves a failed transaction open: that connection is not reused", async () => {
    const pool = createPool({ connectionString: t.url, max: 1 });
    try {
      const first = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      // The simple protocol runs both; the second is refused inside the transaction block the first opened.
      await expect(pool.query("BEGIN; SELECT 1/0")).rejects.toMatchObject({ code: "22012" });
      const next = await pool.query("SELECT pg_backend_pid() AS pid, now() = statement_timestamp() AS outside");
      expect(next.rows[0].pid).not.toBe(first);
      expect(next.rows[0].outside).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it("a transaction opened and then refused by a unique index: nothing kept, and that connection is not reused", async () => {
    const pool = createPool({ connectionString: t.url, max: 1 });
    try {
      const first = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      await expect(pool.query("BEGIN; INSERT INTO pool_probe (k) VALUES ('x'); INSERT INTO pool_probe (k) VALUES ('x')")).rejects.toMatchObject({
        code: "23505",
      });
      const next = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      expect(next).not.toBe(first);
      expect((await admin.query("SELECT count(*)::int AS n FROM pool_probe WHERE k = 'x'")).rows[0].n).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("a connection the server ends: the pool reconnects and answers", async () => {
    const pool = createPool({ connectionString: t.url, max: 1 });
    pool.on("error", () => undefined);
    try {
      const first = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      // Ended while it runs a statement: the statement fails, and the connection must not come back.
      // Its failure is caught at once: it may arrive while the terminate below is still being answered.
      const running = pool.query("SELECT pg_sleep(5)").then(
        () => null,
        (error: unknown) => error,
      );
      await new Promise((r) => setTimeout(r, 200));
      await admin.query("SELECT pg_terminate_backend($1)", [first]);
      expect(await running).toBeInstanceOf(Error);
      const next = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      expect(next).not.toBe(first);
    } finally {
      await pool.end();
    }
  });

  it("a statement cancelled by statement_timeout is refused, and its connection is kept", async () => {
    const pool = createPool({ connectionString: t.url, max: 1, statement_timeout: 100 });
    try {
      const first = (await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      await expect(pool.query("SELECT pg_sleep(2)")).rejects.toMatchObject({ code: "57014" });
      expect((await pool.query("SELECT pg_backend_pid() AS pid")).rows[0].pid).toBe(first);
    } finally {
      await pool.end();
    }
  });
});
