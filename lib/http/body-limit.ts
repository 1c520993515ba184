/**
 * Request size limits, so an oversized body is refused with a message saying
 * the limit instead of being read into memory. Route handlers read their body
 * through readBodyWithin; server actions are limited by Next.js
 * (`serverActions.bodySizeLimit` in next.config.js, the same figure as
 * ACTION_BODY_LIMIT) and, when the size is declared, refused earlier by the proxy.
 */
import { AppError } from "@/lib/errors/app-error";

export const ACTION_BODY_LIMIT = { bytes: 2 * 1024 * 1024, label: "2 MB", nextConfig: "2mb" } as const;

/** Form posts with a handful of fields (the audit export, sign-in). */
export const SMALL_FORM_LIMIT = { bytes: 64 * 1024, label: "64 KB" } as const;

export function tooLargeMessage(label: string): string {
  return `This request is larger than ${label}, the most the clinic accepts in one go. Nothing was saved.`;
}

/** A declared Content-Length over the limit (a missing or malformed one is left to the read). */
export function declaredOver(headers: Headers, maxBytes: number): boolean {
  const declared = Number(headers.get("content-length") ?? "");
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * The body's bytes, refused with TOO_LARGE as soon as more than `maxBytes`
 * arrive, whatever the headers claimed (chunked bodies declare nothing).
 */
export async function readBodyWithin(request: Request, maxBytes: number, message: string): Promise<Uint8Array> {
  const refuse = () => new AppError("TOO_LARGE", message, { fieldErrors: { file: message } });
  if (declaredOver(request.headers, maxBytes)) throw refuse();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** The body as form fields, read within the limit; a body that is not a form gives no fields. */
export async function readFormWithin(request: Request, maxBytes: number, message: string): Promise<FormData> {
  const body = await readBodyWithin(request, maxBytes, message);
  const contentType = request.headers.get("content-type") ?? "";
  try {
    return await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    return new FormData();
  }
}
