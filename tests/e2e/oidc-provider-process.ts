/**
 * The test identity provider as a process of its own, started by the global
 * set-up on the e2e server's clock (scripts/e2e-clock.ts): the ID tokens it
 * signs must be fresh by the app's clock, not by the real one. Prints "ready"
 * once it listens; stops on SIGTERM or when its parent goes.
 */
import { startTestIdentityProvider } from "./oidc-provider";

const provider = await startTestIdentityProvider();
const stop = () => void provider.close().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
process.on("disconnect", stop);
process.stdout.write("ready\n");
