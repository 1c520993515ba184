/**
 * Oversized requests are refused with a message that states the limit, and
 * change nothing: server actions (2 MB), the audit export and sign-in forms
 * (64 KB), and the patient list upload (5 MB, in patient-register.spec.ts too).
 */
import { builtActions, callAction, signedIn } from "./build-manifest";
import { auditSince, changedTables, snapshot } from "./database";
import { expect, test } from "./fixtures";

const MB = 1024 * 1024;

test("oversized server action calls, route posts and sign-in posts are refused stating the limit", async ({ baseURL }) => {
  const lead = await signedIn(baseURL!, "lead");
  const before = await snapshot();

  const action = builtActions().find((a) => a.key.endsWith("#createTemplateAction"))!;
  const big = await callAction(lead, action.id, { raw: JSON.stringify([{ name: "x".repeat(3 * MB) }]) });
  expect(big.status()).toBe(413);
  expect((await big.json()).error).toEqual({
    code: "TOO_LARGE",
    message: "This request is larger than 2 MB, the most the clinic accepts in one go. Nothing was saved.",
  });
  // Just under the limit reaches the action, which refuses it as bad input.
  const under = await callAction(lead, action.id, [{ name: "x".repeat(MB) }]);
  expect(under.status()).toBe(200);
  expect(await under.text()).toContain('"code":"VALIDATION"');

  const exported = await lead.post("/api/audit/export", { form: { staffEmail: "x".repeat(100 * 1024) } });
  expect(exported.status()).toBe(413);
  expect((await exported.json()).error).toMatchObject({ code: "TOO_LARGE", message: expect.stringContaining("larger than 64 KB") });

  const upload = await lead.post("/api/patient-imports", {
    multipart: { file: { name: "list.csv", mimeType: "text/csv", buffer: Buffer.alloc(6 * MB, "a") } },
  });
  expect(upload.status()).toBe(413);
  expect((await upload.json()).error.message).toBe(
    "The file is 6.0 MB; the largest file that can be imported is 5 MB. Split the list into smaller files and import each.",
  );

  const signIn = await lead.post("/api/auth/callback/credentials", { form: { email: "lead@example.nhs.uk", password: "x".repeat(100 * 1024) } });
  expect(signIn.status()).toBe(413);

  expect(changedTables(before, await snapshot())).toEqual([]);
  expect((await auditSince(before)).filter((e) => e.outcome === "SUCCESS")).toEqual([]);
  await lead.dispose();
});
