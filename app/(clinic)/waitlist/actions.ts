"use server";

import { handleAction } from "@/lib/auth/handle";
import { requirePermission } from "@/lib/auth/guard";
import { bookFromWaitlist } from "@/lib/services/routing/book-from-waitlist";

export async function bookFromWaitlistAction(input: unknown) {
  return handleAction(async () => {
    const ctx = await requirePermission("routing:override");
    return bookFromWaitlist(ctx, input);
  });
}
