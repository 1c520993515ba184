"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/auth/handle";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { createInstrumentVersion } from "@/lib/services/outcomes/create-instrument-version";
import { instrumentVersionFormValues } from "@/lib/validation/outcomes";
import { formDataOf } from "@/lib/validation/parse";

/** The action's result and, on failure, what was typed (the form works without JavaScript). */
export type InstrumentFormState = (ActionResult<{ id: string; code: string; version: number }> & { values: Record<string, string> }) | null;

/** Adds an instrument version (a form post: `useActionState`, so it works without JavaScript). */
export async function createInstrumentVersionAction(_previous: InstrumentFormState, form: FormData): Promise<InstrumentFormState> {
  const result = await handleAction(async () => {
    const ctx = await requirePermission("instrument:manage");
    const created = await createInstrumentVersion(ctx, instrumentVersionFormValues(formDataOf(form)));
    revalidatePath("/lead/instruments");
    return created;
  });
  return { ...result, values: !result.ok && form instanceof FormData ? instrumentVersionFormValues(form) : {} };
}
