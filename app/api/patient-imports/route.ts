import { handleRoute } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors/app-error";
import { checkImportFile, decodeCsvBytes, MAX_IMPORT_BYTES } from "@/lib/patient-import";
import { previewPatientImport } from "@/lib/services/preview-patient-import";

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
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_IMPORT_BYTES + ENVELOPE_BYTES) {
      // Refused before reading, so an oversized upload is never held in memory.
      const message = checkImportFile({ name: "upload.csv", size: declared }) ?? "The file is too large.";
      throw new AppError("VALIDATION", message, { fieldErrors: { file: message } });
    }
    let file: FormDataEntryValue | null = null;
    try {
      file = (await request.formData()).get("file");
    } catch {
      file = null;
    }
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
