/**
 * What every service receives: the database (or a transaction's client), the
 * member of staff acting, and where the request came from (for the audit trail).
 */
import type { Role } from "@/lib/db/generated/enums";
import type { Db } from "@/lib/db/client";

export type Actor = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  pcnId: string;
  /** The AuthSession this request belongs to, when it came through sign-in. */
  sessionId?: string;
};

export type RequestInfo = { ip?: string | null; userAgent?: string | null };

export type ServiceContext = {
  db: Db;
  actor: Actor;
  request?: RequestInfo;
};

/**
 * The clock a service reads. Only code that calls a service directly (the demo
 * seed writing past clinic days as they happened) passes one; server actions
 * call services with two arguments, so a browser cannot move the clock.
 */
export type ClockOption = { now?: Date };

/**
 * A request with no member of staff behind it: a patient opening their link before their date of birth is
 * confirmed. Only the link's token and the request's address are known.
 */
export type PublicContext = { db: Db; request?: RequestInfo };

/**
 * A patient acting through their own link once their date of birth was confirmed (lib/auth/patient-link.ts):
 * every read and change is scoped to `link.patientId`, and the link names no staff actor.
 */
export type PatientLinkContext = PublicContext & { link: { id: string; patientId: string; pcnId: string } };
