/**
 * The import boundaries in eslint.config.mjs refuse a wrong import, with a
 * message naming the boundary, and let the right one through. Runs the
 * project's real ESLint configuration on small sources placed in each folder.
 */
import { ESLint } from "eslint";
import { describe, expect, it, vi } from "vitest";

// Loading the project's ESLint configuration takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

const cases: Array<{ rule: string; file: string; wrong: string; right: string; message: RegExp }> = [
  {
    rule: "pure domain modules import no database client",
    file: "lib/appointments/lint-probe.ts",
    wrong: 'import { db } from "@/lib/db/client";\nexport const probe = db;\n',
    right: 'import { AppointmentStatus } from "@/lib/db/generated/enums";\nexport const probe = AppointmentStatus.BOOKED;\n',
    message: /Boundary: pure domain modules must not import the database client/,
  },
  {
    rule: "pure domain modules import no Prisma client values (types are fine)",
    file: "lib/phq4/lint-probe.ts",
    wrong: 'import { Prisma } from "@/lib/db/generated/client";\nexport const probe = Prisma.sql;\n',
    right: 'import type { Prisma } from "@/lib/db/generated/client";\nexport type Probe = Prisma.JsonValue;\n',
    message: /Boundary: pure domain modules must not import the database client/,
  },
  {
    rule: "pure domain modules import no services",
    file: "lib/routing/lint-probe.ts",
    wrong: 'import { bookAppointment } from "@/lib/services/appointments/book-appointment";\nexport const probe = bookAppointment;\n',
    right: 'import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";\nexport const probe = ACTIVE_STATUSES;\n',
    message: /Boundary: pure domain modules must not import services/,
  },
  {
    rule: "pure domain modules import no React or Next.js",
    file: "lib/validation/lint-probe.ts",
    wrong: 'import { redirect } from "next/navigation";\nexport const probe = redirect;\n',
    right: 'import { z } from "zod";\nexport const probe = z.string();\n',
    message: /Boundary: pure domain modules must not import React or Next\.js/,
  },
  {
    rule: "services import nothing from app/ or components/",
    file: "lib/services/appointments/lint-probe.ts",
    wrong: 'import { ErrorSummary } from "@/components/error-summary";\nexport const probe = ErrorSummary;\n',
    right: 'import { ACTIVE_STATUSES } from "@/lib/appointments/statuses";\nexport const probe = ACTIVE_STATUSES;\n',
    message: /Boundary: services must not import app\/ or components\//,
  },
  {
    rule: "components import only types from services",
    file: "components/lint-probe.tsx",
    wrong: 'import { getDayView } from "@/lib/services/clinic-days/get-day-view";\nexport const probe = getDayView;\n',
    right: 'import type { DayView } from "@/lib/services/clinic-days/get-day-view";\nexport type Probe = DayView;\n',
    message: /Boundary: components may import only types from services/,
  },
  {
    rule: "pages and actions import no service internals",
    file: "app/(clinic)/lint-probe/page.tsx",
    wrong: 'import { loadReportOptions } from "@/lib/services/reports/internal/report-queries";\nexport const probe = loadReportOptions;\n',
    right: 'import { listReportOptions } from "@/lib/services/reports/list-report-options";\nexport const probe = listReportOptions;\n',
    message: /Boundary: a service's internal\/ helpers are for services only/,
  },
  {
    rule: "components import no service internals, even types",
    file: "components/lint-probe-internal.tsx",
    wrong: 'import type { AuditRow } from "@/lib/services/audit/internal/audit-query";\nexport type Probe = AuditRow;\n',
    right: 'import type { AuditRow } from "@/lib/services/audit/search-audit";\nexport type Probe = AuditRow;\n',
    message: /Boundary: a service's internal\/ helpers are for services only/,
  },
  {
    rule: "lib/auth imports no services",
    file: "lib/auth/lint-probe.ts",
    wrong: 'import type { ServiceContext } from "@/lib/services/core";\nexport type Probe = ServiceContext;\n',
    right: 'import type { ServiceContext } from "@/lib/db/context";\nexport type Probe = ServiceContext;\n',
    message: /Boundary: lib\/auth must not import services/,
  },
  {
    rule: "lib/db imports no services",
    file: "lib/db/lint-probe.ts",
    wrong: 'import { listStaff } from "@/lib/services/staff/list-staff";\nexport const probe = listStaff;\n',
    right: 'import type { Db } from "@/lib/db/client";\nexport type Probe = Db;\n',
    message: /Boundary: lib\/db sits below the services/,
  },
];

describe("import boundaries (eslint.config.mjs)", () => {
  it.each(cases)("$rule: refuses the wrong import with a message naming the boundary", async ({ file, wrong, message }) => {
    const errors = await boundaryErrors(file, wrong);
    expect(errors).toHaveLength(1);
    // ESLint's text: "'<module>' import is restricted from being used by a pattern. <our message>".
    expect(errors[0]).toMatch(message);
  });

  it.each(cases)("$rule: lets the right import through", async ({ file, right }) => {
    expect(await boundaryErrors(file, right)).toEqual([]);
  });

  it("reports a boundary as an error, so `npm run lint` fails on it", async () => {
    const [result] = await eslint.lintText('import { db } from "@/lib/db/client";\nexport const probe = db;\n', {
      filePath: "lib/schedule/lint-probe.ts",
    });
    expect(result.errorCount).toBeGreaterThan(0);
    expect(result.messages.find((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")?.severity).toBe(2);
  });

  it("applies no domain rule to the folders that may reach the database", async () => {
    expect(await boundaryErrors("lib/services/staff/lint-probe.ts", 'import { db } from "@/lib/db/client";\nexport const probe = db;\n')).toEqual([]);
    expect(await boundaryErrors("lib/auth/lint-probe.ts", 'import { db } from "@/lib/db/client";\nexport const probe = db;\n')).toEqual([]);
  });
});
