"use server";

import { revalidatePath } from "next/cache";
import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { reviewRisk } from "@/lib/services/risks/review-risk";

/** Records a patient's open risk as reviewed or resolved, with the reason: its flag ends on every list. */
export async function reviewRiskAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("risk:review");
    const result = await reviewRisk(ctx, input);
    // The flag shows on the GP's and therapist's lists, the flow board, the summary and the history.
    revalidatePath("/", "layout");
    return { outcome: result.outcome };
  });
}
