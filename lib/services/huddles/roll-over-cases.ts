import { assertPermission } from "@/lib/auth/permissions";
import type { ClockOption, ServiceContext } from "@/lib/db/context";
import { rollOverCasesSchema } from "@/lib/validation/huddles";
import { parseInput } from "@/lib/validation/parse";
import { loadVisibleHuddle } from "./internal/huddle-access";
import { rollOverHuddle, type RollOverResult } from "./internal/roll-over";

/**
 * The clinic lead closes a huddle: cases not reached and deferred ones go on
 * to the PCN's next huddle (made for the next weekday, same time and people,
 * when none is scheduled), first in its order as they were brought earlier.
 */
export async function rollOverCases(ctx: ServiceContext, input: unknown, clock: ClockOption = {}): Promise<RollOverResult> {
  assertPermission(ctx.actor, "huddle:manage");
  const { huddleId } = parseInput(rollOverCasesSchema, input);
  return ctx.db.$transaction(async (tx) => {
    const huddle = await loadVisibleHuddle(tx, ctx.actor, huddleId);
    const result = await rollOverHuddle(tx, ctx.actor, huddle, ctx.request, clock.now ?? new Date());
    // Never null when someone asks: a huddle already closed is refused inside.
    return result!;
  });
}
