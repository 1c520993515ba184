import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { declaredOver, readFormWithin } from "@/lib/http/body-limit";
import { checkImportFile, decodeCsvBytes, MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_LABEL } from "@/lib/patient-import";
import { previewPatientImport } from "@/lib/services/patients/preview-patient-import";

/** Room for the multipart wrapping around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Upload of an eligible-patient list, answered with its preview. A route
 * handler rather than a server action because lists may be up to 5 MB, over
 * the server actions' body limit.
 */
export async function POST(request: Request) {
  return handleRoute(async () => {
    const ctx = await requirePermission("patient:import");
    const limit = MAX_IMPORT_BYTES + ENVELOPE_BYTES;
    const declared = Number(request.headers.get("content-length") ?? "0");
    // Refused before or while reading (a chunked upload declares no length), so an oversized upload is never held in memory.
    const tooLarge = declaredOver(request.headers, limit)
      ? (checkImportFile({ name: "upload.csv", size: declared }) ?? `The largest file that can be imported is ${MAX_IMPORT_SIZE_LABEL}.`)
      : `The file is over ${MAX_IMPORT_SIZE_LABEL}; the largest file that can be imported is ${MAX_IMPORT_SIZE_LABEL}. Split the list into smaller files and import each.`;
    const file = (await readFormWithin(request, limit, tooLarge)).get("file");
    if (!(file instanceof File)) {
      throw new AppError("VALIDATION", "Choose a CSV file to upload", { fieldErrors: { file: "Choose a CSV file to upload" } });
    }
    const refusal = checkImportFile({ name: file.name, size: file.size });
    if (refusal) throw new AppError("VALIDATION", refusal, { fieldErrors: { file: refusal } });
    const text = decodeCsvBytes(new Uint8Array(await file.arrayBuffer()));
    const preview = await previewPatientImport(ctx, { fileName: file.name, size: file.size, text });
    return Response.json({ ok: true, data: preview }, { headers: { "Cache-Control": "no-store" } });
  });
}
