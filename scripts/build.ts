/**
 * `npm run build`: `next build` with none of the runtime settings (no database, no secret), marked good only when it
 * finishes (scripts/build-state.ts), so `npm start` rebuilds after a build that failed or was interrupted.
 */
import { runBuild } from "./build-state";

if (!runBuild().ok) {
  console.error("[clinic-day] The build failed; see the messages above.");
  process.exit(1);
}
