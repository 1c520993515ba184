/**
 * `npm run setup:organisation -- …`: the first run on a real (DATABASE_URL)
 * database, where no demo data is loaded. Creates the PCN, its practices, the
 * clinic's site and rooms, and the first clinic lead, who then sets up the rest
 * in the app. Refuses to run when the database already has staff.
 *
 *   npm run setup:organisation -- \
 *     --pcn "North Riverside PCN" --site "Riverside Health Centre" \
 *     --practice A81001="Riverside Surgery" --practice A81002="Canal Street Medical Centre" \
 *     --room "Treatment room 1" --room "Room 3" \
 *     --lead-name "Dr Helen Okafor" --lead-email helen.okafor@nhs.net
 *
 * The lead's password comes from CLINIC_LEAD_PASSWORD, or is generated and
 * printed once.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDb } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { recordAudit } from "@/lib/db/audit";
import { checkPassword } from "@/lib/auth/password-policy";
import { insertStaffUser } from "@/lib/services/staff/internal/insert-staff-user";
import { staffUserSchema } from "@/lib/validation/staff";
import { checkDatabase, loadDotEnv, resolveDatabase } from "./launch-env";

const argsSchema = z.object({
  pcn: z.string().trim().min(1, "--pcn is required: the Primary Care Network's name"),
  site: z.string().trim().min(1, "--site is required: where the clinic is held"),
  practices: z
    .array(
      z
        .string()
        .regex(/^[A-Z0-9]{1,9}=.+$/i, 'Give each practice as --practice ODSCODE="Practice name"')
        .transform((value) => {
          const [code, ...name] = value.split("=");
          return { odsCode: code.toUpperCase(), name: name.join("=").trim() };
        }),
    )
    .min(1, 'Give at least one --practice ODSCODE="Practice name"'),
  rooms: z.array(z.string().trim().min(1)).default([]),
  leadName: z.string().trim().min(1, "--lead-name is required"),
  leadEmail: z.string().trim().toLowerCase().email("--lead-email must be an email address"),
});

async function main(): Promise<void> {
  loadDotEnv();
  const { values } = parseArgs({
    options: {
      pcn: { type: "string" },
      site: { type: "string" },
      practice: { type: "string", multiple: true },
      room: { type: "string", multiple: true },
      "lead-name": { type: "string" },
      "lead-email": { type: "string" },
    },
  });
  const parsed = argsSchema.safeParse({
    pcn: values.pcn ?? "",
    site: values.site ?? "",
    practices: values.practice ?? [],
    rooms: values.room ?? [],
    leadName: values["lead-name"] ?? "",
    leadEmail: values["lead-email"] ?? "",
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("\n"));
  const args = parsed.data;
  const generated = !process.env.CLINIC_LEAD_PASSWORD;
  const password = process.env.CLINIC_LEAD_PASSWORD ?? randomBytes(12).toString("base64url");
  const lead = staffUserSchema.parse({ name: args.leadName, email: args.leadEmail, roles: ["CLINIC_LEAD"], password });
  const check = checkPassword(password, lead);
  if (!check.ok) throw new Error(`CLINIC_LEAD_PASSWORD: ${check.message}`);

  const database = await resolveDatabase((m) => console.log(m));
  try {
    await checkDatabase(database.url);
    await applyMigrations(database.url);
    const db = createDb(database.url, 2);
    try {
      if ((await db.staffUser.count()) > 0)
        throw new Error("This database already has staff: sign in as a clinic lead and add what you need in the app.");
      await db.$transaction(async (tx) => {
        const pcn = await tx.pcn.create({ data: { name: args.pcn } });
        for (const practice of args.practices) await tx.practice.create({ data: { ...practice, pcnId: pcn.id } });
        const site = await tx.site.create({ data: { name: args.site, pcnId: pcn.id } });
        for (const room of args.rooms) await tx.room.create({ data: { name: room, siteId: site.id } });
        const user = await insertStaffUser(tx, pcn.id, lead);
        await recordAudit(tx, {
          actor: { id: user.id, email: lead.email },
          action: "setup.organisation",
          entityType: "Pcn",
          entityId: pcn.id,
          request: { ip: "setup", userAgent: "setup-organisation" },
        });
      });
      console.log(`Created ${args.pcn} with ${args.practices.length} practice(s), ${args.site}, and the clinic lead ${lead.email}.`);
      if (generated) console.log(`Their password (shown once; they should change it): ${password}`);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: Error) => {
  console.error(`setup:organisation failed: ${error.message}`);
  process.exit(1);
});
