/**
 * Allocator speed: patients with proportionate clinicians (one therapist per 6
 * positive screens, one GP per 10 patients), 40% screening positive. Its cost
 * grows as n log n (lib/routing/allocate.ts), so ten times the patients should
 * take a little over ten times as long.
 */
import { allocateAfternoon, type AfternoonSlot, type AllocationInput } from "@/lib/routing/allocate";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 30, 13, 0);

/** Targets from issue 13, in milliseconds (median of repeated runs). */
export const ALLOCATOR_TARGETS_MS: Record<number, number> = { 1_000: 100, 10_000: 30, 100_000: 400 };

export function clinicForBench(patients: number): AllocationInput {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const therapists = Math.max(1, Math.ceil((patients * 0.4) / 6));
  const gps = Math.max(1, Math.ceil(patients / 10));
  const slots: AfternoonSlot[] = [];
  for (let t = 0; t < therapists; t++)
    for (let m = 0; m + 30 <= 180; m += 30)
      slots.push({ id: `t${t}-${m}`, kind: "TALKING_THERAPIES", staffId: `t${t}`, startsAt: T0 + m * MIN, endsAt: T0 + (m + 30) * MIN });
  for (let g = 0; g < gps; g++)
    for (let m = 30; m + 20 <= 240; m += 20)
      slots.push({ id: `g${g}-${m}`, kind: "GP", staffId: `g${g}`, startsAt: T0 + m * MIN, endsAt: T0 + (m + 20) * MIN });
  return {
    slots,
    takenSlotIds: [],
    patients: Array.from({ length: patients }, (_, i) => ({
      patientId: `p${i}`,
      phq4Total: random() < 0.4 ? 3 + Math.floor(random() * 10) : Math.floor(random() * 3),
      earliestStart: T0,
    })),
    rules: { threshold: 3, handoverGapMinutes: 10 },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export type AllocatorRow = { patients: number; medianMs: number; targetMs: number | string; met: string; booked: number; waitlisted: number };

export function benchAllocator(sizes: readonly number[] = [100, 1_000, 10_000, 100_000]): AllocatorRow[] {
  const rows: AllocatorRow[] = [];
  for (const n of sizes) {
    const input = clinicForBench(n);
    allocateAfternoon(input); // warm-up
    const runs = n >= 100_000 ? 5 : n >= 10_000 ? 9 : 21;
    const times: number[] = [];
    let last = allocateAfternoon(input);
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      last = allocateAfternoon(input);
      times.push(performance.now() - start);
    }
    const medianMs = Number(median(times).toFixed(2));
    const target = ALLOCATOR_TARGETS_MS[n];
    rows.push({
      patients: n,
      medianMs,
      targetMs: target ?? "",
      met: target === undefined ? "" : medianMs <= target ? "yes" : "NO",
      booked: last.appointments.length,
      waitlisted: last.waitlist.length,
    });
  }
  return rows;
}
