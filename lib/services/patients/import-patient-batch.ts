import { assertPermission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors/app-error";
import { checkImportRow } from "@/lib/patient-import";
import { parseInput } from "@/lib/validation/parse";
import { patientImportBatchSchema } from "@/lib/patient-import/schemas";
import { recordAudit, recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";

export type PatientImportProgress = {
  importId: string;
  /** Good rows handled so far, of `expected`. */
  processed: number;
  expected: number;
  created: number;
  alreadyRegistered: number;
  invalid: number;
  done: boolean;
};

/**
 * Adds one batch of a previewed list to the register. The rows come back from
 * the browser, so each is checked again here; a patient whose NHS number is
 * already registered is skipped, never duplicated. Batches must arrive in
 * order; a batch sent twice (a retry after a lost answer) changes nothing.
 * The last batch completes the import and writes its audit event.
 */
export async function importPatientBatch(ctx: ServiceContext, input: unknown): Promise<PatientImportProgress> {
  assertPermission(ctx.actor, "patient:import");
  const { importId, start, rows } = parseInput(patientImportBatchSchema, input);
  return ctx.db.$transaction(
    async (tx) => {
      // Serialises batches of one import, so counts cannot be lost to a race.
      await tx.$queryRaw`SELECT id FROM "PatientImport" WHERE id = ${importId}::uuid FOR UPDATE`;
      const job = await tx.patientImport.findUnique({ where: { id: importId } });
      if (!job || job.createdById !== ctx.actor.id) {
        throw new AppError("NOT_FOUND", "That import was not found. Upload the file again.");
      }
      const expected = job.totalRows - job.invalid;
      const progress = (j: typeof job): PatientImportProgress => ({
        importId,
        processed: j.created + j.alreadyRegistered,
        expected,
        created: j.created,
        alreadyRegistered: j.alreadyRegistered,
        invalid: j.invalid,
        done: j.status === "COMPLETED",
      });
      const processed = job.created + job.alreadyRegistered;
      if (start + rows.length <= processed) return progress(job);
      if (start !== processed) {
        throw new AppError(
          "CONFLICT",
          `The import got out of step (expected row ${processed + 1} of ${expected} next). Upload the file again; patients already imported will be skipped.`,
        );
      }
      if (processed + rows.length > expected) {
        throw new AppError("VALIDATION", "This batch has more rows than the preview found. Upload the file again.");
      }

      const practices = await tx.practice.findMany({ where: { pcnId: ctx.actor.pcnId }, select: { id: true, odsCode: true } });
      const byOds = new Map(practices.map((p) => [p.odsCode.toUpperCase(), p.id]));
      const patients = rows.map((row) => {
        const checked = checkImportRow(row, byOds);
        if (!checked.ok) {
          throw new AppError(
            "VALIDATION",
            `Row ${row.rowNumber}: ${checked.problems[0]}. Nothing from this batch was imported; upload the file again.`,
          );
        }
        return checked.patient;
      });

      const created = await tx.patient.createManyAndReturn({
        data: patients.map((p) => ({ ...p, dateOfBirth: new Date(`${p.dateOfBirth}T00:00:00Z`) })),
        skipDuplicates: true,
        select: { id: true },
      });
      await recordPatientViews(
        tx,
        { actor: ctx.actor, action: "patient.create", entityType: "PatientImport", entityId: importId, request: ctx.request },
        created.map((p) => p.id),
      );
      const done = processed + rows.length === expected;
      const updated = await tx.patientImport.update({
        where: { id: importId },
        data: {
          created: { increment: created.length },
          alreadyRegistered: { increment: rows.length - created.length },
          status: done ? "COMPLETED" : "IMPORTING",
          finishedAt: done ? new Date() : null,
        },
      });
      if (done) {
        await recordAudit(tx, {
          actor: ctx.actor,
          action: "patient.import",
          entityType: "PatientImport",
          entityId: importId,
          request: ctx.request,
          details: { totalRows: updated.totalRows, created: updated.created, alreadyRegistered: updated.alreadyRegistered, invalid: updated.invalid },
        });
      }
      return progress(updated);
    },
    { timeout: 30_000 },
  );
}
