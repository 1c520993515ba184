/**
 * `npm run bench`: prints speed figures (not pass/fail: these machines are shared and noisy).
 * `npm run bench -- --scale icb [--explain]`: the reads at the size of an integrated care board instead (bench/icb).
 */
import { parseArgs } from "node:util";
import { benchAllocator } from "@/bench/allocator";
import { benchBooking } from "@/bench/booking-load";
import { benchFlowBoard } from "@/bench/flow-board";
import { benchFlowBoardPush } from "@/bench/flow-board-push";
import { benchHomePages, HOME_PAGES_TARGET_P95_MS } from "@/bench/home-pages";
import { benchReportFunnel } from "@/bench/report-funnel";
import { benchIcb } from "@/bench/icb";

const { values: options } = parseArgs({ options: { scale: { type: "string" }, explain: { type: "boolean", default: false } } });
if (options.scale !== undefined && options.scale !== "icb") {
  console.error(`Unknown --scale ${options.scale}: the one larger scale is "icb"`);
  process.exit(2);
}
if (options.scale === "icb") {
  await benchIcb({ explain: options.explain });
  process.exit(0);
}

console.log("Afternoon allocator, n log n (median of repeated runs; targets: 1,000 patients ≤ 100 ms, 10,000 ≤ 30 ms, 100,000 ≤ 400 ms)");
console.table(benchAllocator());

console.log("Flow board server response, getFlowBoard on embedded PostgreSQL (target: median under 50 ms)");
console.table([await benchFlowBoard()]);

const booking = await benchBooking();
console.log(
  "Booking race over HTTP: 200 attempts at 20 slots from 20 sessions, production build (expect 20 booked, 180 told taken); " +
    "raw pg: the same 200 single-row transactions at 20 connections (target: p95 ≤ 3× raw pg)",
);
console.table([booking.race]);
console.log(
  "Booking, one desk, one at a time over loopback (the server's time); raw pg: BEGIN, one INSERT, COMMIT on one connection (target: p50 ≤ 8 ms)",
);
console.table([booking.oneDesk]);
console.log("Clinic funnel report over about 5,000 clinic-day visits on embedded PostgreSQL (target: median under 200 ms)");
console.table(await benchReportFunnel());
console.log(
  "Flow board pushed to 30 screens (server-sent events from PostgreSQL LISTEN/NOTIFY) while reception makes a change every 2 s, production build: " +
    "time from each change's transaction to each screen's event (target ≤ 1 s), and database statements per minute beside the same 30 screens polling every 3 s " +
    "and the push with a change every 10 s",
);
console.table([await benchFlowBoardPush()]);

const home = await benchHomePages();
console.log(
  `Each role's home page over HTTP, production build: 20 signed-in people (the six roles' demo accounts) reload their home pages at once, 15 rounds (target: p95 ≤ ${HOME_PAGES_TARGET_P95_MS} ms)`,
);
console.table(home.underLoad);
console.log("Each home page alone, one view after another; SQL statements per view from pg_stat_statements (BEGIN and COMMIT included)");
console.table(home.alone);
