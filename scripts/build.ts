/**
 * `npm run build`: `next build` with none of the runtime settings (no database, no secret), marked good only when it
 * finishes (scripts/build-state.ts), so `npm start` rebuilds after a build that failed or was interrupted.
 * With `--if-stale`, only when the build is missing, unfinished or older than the sources.
 */
import { runBuild, staleBuildReason } from "./build-state";

// `--if-stale` (npm test's build tier): keep a build that is good and current, as `npm start` does.
const stale = process.argv.includes("--if-stale") ? staleBuildReason() : "asked to build";
if (!stale) console.log("[clinic-day] The build is current.");
else if (!runBuild().ok) {
  console.error("[clinic-day] The build failed; see the messages above.");
  process.exit(1);
}
