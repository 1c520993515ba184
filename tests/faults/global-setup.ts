/**
 * The fault tier drives the production build: build once when `.next` is
 * missing, unfinished or older than the sources (the same rule as `npm start`), so a run
 * after the e2e tier reuses its build. Then the demo clinic's database, once,
 * for every file to copy.
 */
import { runBuild, staleBuildReason } from "@/scripts/build-state";
import { prepareTemplate } from "./harness";

export function ensureBuild(): void {
  const stale = staleBuildReason();
  if (!stale) return;
  console.log(`[faults] Building the app (${stale})…`);
  if (!runBuild().ok) throw new Error("next build failed; see the messages above.");
}

export default async function setup() {
  ensureBuild();
  // The template's server uses the port the files add 0, 1, 2 to, before any of them starts.
  await prepareTemplate(Number(process.env.FAULTS_DB_PORT ?? 54360));
}
