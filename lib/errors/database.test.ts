import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database";

/** The shape Prisma 7 with @prisma/adapter-pg raises when PostgreSQL ends a connection mid-transaction. */
function adapterError(originalCode: string, message: string, prismaCode = "P2039") {
  return Object.assign(new Error(`\nInvalid \`prisma.auditEvent.create()\` invocation:\n\n\nDatabase error.`), {
    name: "PrismaClientKnownRequestError",
    code: prismaCode,
    meta: {
      modelName: "AuditEvent",
      driverAdapterError: Object.assign(new Error(message), {
        name: "DriverAdapterError",
        cause: { originalCode, originalMessage: message, kind: "postgres" },
      }),
    },
  });
}

describe("isDatabaseUnavailable", () => {
  it("sees PostgreSQL shutting down under a Prisma transaction (found by the fault tier)", () => {
    expect(isDatabaseUnavailable(adapterError("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(adapterError("57P01", "some wording a later release may use"))).toBe(true);
    expect(isDatabaseUnavailable(adapterError("57P03", "the database system is in recovery mode"))).toBe(true);
  });

  it("sees a refused or dropped connection from pg itself", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("server closed the connection unexpectedly") }))).toBe(true);
    // A pooled connection reused after the server dropped it (also found by the fault tier).
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
  });

  it("does not take a broken rule or a bug for an outage", () => {
    expect(isDatabaseUnavailable(adapterError("23505", "duplicate key value violates unique constraint", "P2002"))).toBe(false);
    expect(isDatabaseUnavailable(adapterError("23P01", "conflicting key value violates exclusion constraint"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  });
});
