"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { handOverKeyWorker } from "@/lib/services/key-workers/hand-over-key-worker";

/** The clinic lead hands one patient to another key worker, with the reason. */
export async function handOverKeyWorkerAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("caseload:oversee");
    const outcome = await handOverKeyWorker(ctx, input);
    revalidatePath("/lead/caseload", "layout");
    return outcome;
  });
}
