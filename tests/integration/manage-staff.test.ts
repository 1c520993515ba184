import { beforeAll, describe, expect, it } from "vitest";
import { resolveSession, signIn } from "@/lib/auth/sessions";
import type { ServiceContext } from "@/lib/db/context";
import { endStaffSessions } from "@/lib/services/staff/end-staff-sessions";
import { listStaff } from "@/lib/services/staff/list-staff";
import { freshDatabase, type TestDatabase } from "@/tests/helpers/database";
import { expectAppError } from "@/tests/helpers/errors";
import { createOrganisation, DEMO_PASSWORD, type Organisation } from "@/tests/helpers/factories";

let t: TestDatabase;
let org: Organisation;
let lead: ServiceContext;

beforeAll(async () => {
  t = await freshDatabase();
  org = await createOrganisation(t.db);
  lead = { db: t.db, actor: org.staff.lead };
});

describe("the clinic lead ends a member of staff's sessions", () => {
  it("ends every open session of that person at once, shown in the staff list, and audits it", async () => {
    const a = await signIn(t.db, { email: "gp@example.nhs.uk", password: DEMO_PASSWORD });
    const b = await signIn(t.db, { email: "gp@example.nhs.uk", password: DEMO_PASSWORD });
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    expect((await listStaff(lead)).find((s) => s.id === org.staff.gp.id)?.openSessions).toBe(2);

    await endStaffSessions(lead, { staffId: org.staff.gp.id });
    expect((await resolveSession(t.db, a.sessionId)).ok).toBe(false);
    expect((await resolveSession(t.db, b.sessionId)).ok).toBe(false);
    expect((await listStaff(lead)).find((s) => s.id === org.staff.gp.id)?.openSessions).toBe(0);
    expect(await t.db.auditEvent.count({ where: { action: "auth.end-all-sessions", entityId: org.staff.gp.id, actorId: org.staff.lead.id } })).toBe(
      1,
    );
  });

  it("is for the clinic lead of the same PCN only", async () => {
    await expectAppError(endStaffSessions({ db: t.db, actor: org.staff.reception }, { staffId: org.staff.gp.id }), "FORBIDDEN");
    await expectAppError(listStaff({ db: t.db, actor: org.staff.gp }), "FORBIDDEN");
    const other = await createOrganisation(t.db, { suffix: "b2", name: "Other PCN" });
    await expectAppError(endStaffSessions({ db: t.db, actor: other.staff.lead }, { staffId: org.staff.gp.id }), "NOT_FOUND");
    expect((await listStaff({ db: t.db, actor: other.staff.lead })).some((s) => s.id === org.staff.gp.id)).toBe(false);
    await expectAppError(endStaffSessions(lead, { staffId: "not-an-id" }), "VALIDATION");
  });
});
