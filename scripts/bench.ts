/** `npm run bench`: prints speed figures (not pass/fail: these machines are shared and noisy). */
import { benchAllocator } from "@/bench/allocator";

console.log("Afternoon allocator (median of repeated runs; target: 1,000 patients under 100 ms)");
console.table(benchAllocator());
