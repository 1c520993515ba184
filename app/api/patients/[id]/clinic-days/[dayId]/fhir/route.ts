import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { exportFhirBundle } from "@/lib/services/exports/export-fhir-bundle";

/** One patient's clinic day as a FHIR R4 Bundle, downloaded as a file. Ids only in the URL. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; dayId: string }> }) {
  return handleRoute(async () => {
    const ctx = await requirePermission("clinical:view");
    const { id, dayId } = await params;
    const bundle = await exportFhirBundle(ctx, { patientId: id, clinicDayId: dayId });
    const date = bundle.timestamp?.slice(0, 10) ?? "export";
    return new Response(JSON.stringify(bundle, null, 2), {
      headers: {
        "Content-Type": "application/fhir+json; charset=utf-8",
        "Content-Disposition": `attachment; filename="clinic-day-${date}-${id.slice(-12)}.fhir.json"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
