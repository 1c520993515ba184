/** `npm run bench`: prints speed figures (not pass/fail: these machines are shared and noisy). */
import { benchAllocator } from "@/bench/allocator";
import { benchBookingLoad } from "@/bench/booking-load";
import { benchFlowBoard } from "@/bench/flow-board";
import { benchReportFunnel } from "@/bench/report-funnel";

console.log("Afternoon allocator, n log n (median of repeated runs; targets: 1,000 patients ≤ 100 ms, 10,000 ≤ 30 ms, 100,000 ≤ 400 ms)");
console.table(benchAllocator());

console.log("Flow board server response, getFlowBoard on embedded PostgreSQL (target: median under 50 ms)");
console.table([await benchFlowBoard()]);

console.log("Booking race over HTTP: 200 attempts at 20 slots from 20 sessions, production build (expect 20 booked, 180 told taken)");
console.table([await benchBookingLoad()]);
console.log("Clinic funnel report over about 5,000 clinic-day visits on embedded PostgreSQL (target: median under 200 ms)");
console.table(await benchReportFunnel());
