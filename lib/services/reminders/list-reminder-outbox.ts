import { assertPermission } from "@/lib/auth/permissions";
import type { ReminderChannel, ReminderStatus } from "@/lib/db/generated/enums";
import { reminderEnv } from "@/lib/env";
import { reminderMessage, invitationMessage } from "@/lib/reminders";
import { formatLondon } from "@/lib/schedule";
import { parseInput } from "@/lib/validation/parse";
import { reminderOutboxSchema } from "@/lib/validation/reminders";
import { REMINDER_STATUSES } from "@/lib/reminders/statuses";
import { recordPatientViews } from "@/lib/db/audit";
import type { ServiceContext } from "@/lib/db/context";
import { loadCatalogues, translatorFor } from "@/lib/services/messages/internal/catalogue-files";

export const OUTBOX_PAGE_SIZE = 200;

export type OutboxRow = {
  id: string;
  patientId: string;
  patientName: string;
  channel: ReminderChannel;
  status: ReminderStatus;
  appointmentAt: string;
  nextAttemptAt: string;
  due: boolean;
  /** Queued for an appointment already past (a worker cancels it on its next round). */
  lapsed: boolean;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  /** How the reminder reads, in the patient's language as their record says it now. */
  preview: string;
  /** The locale the preview is written in. */
  locale: string;
  /** The patient's preferred language, as their record gives it. */
  language: string;
  /** Whether the reminder, or part of it, is in English instead, and why; empty when all is in their language. */
  languageNotes: string[];
};

export type OutboxView = {
  /** False without NOTIFY_API_KEY: nothing is sent, and this page is where reminders are seen. */
  sending: boolean;
  hoursBefore: number;
  counts: Record<ReminderStatus, number>;
  dueNow: number;
  rows: OutboxRow[];
};

const LABEL = "EEE d MMM yyyy, HH:mm";

/** The clinic lead's view of the reminder outbox for their PCN; each patient listed is an audited view. */
export async function listReminderOutbox(ctx: ServiceContext, input: unknown, clock: { now?: Date } = {}): Promise<OutboxView> {
  assertPermission(ctx.actor, "reminder:view");
  const { status } = parseInput(reminderOutboxSchema, input);
  const now = clock.now ?? new Date();
  const settings = reminderEnv();
  const scope = { patient: { practice: { pcnId: ctx.actor.pcnId } } };
  return ctx.db.$transaction(async (tx) => {
    const grouped = await tx.reminderOutbox.groupBy({ by: ["status"], where: scope, _count: { _all: true } });
    const counts = Object.fromEntries(REMINDER_STATUSES.map((s) => [s, 0])) as Record<ReminderStatus, number>;
    for (const g of grouped) counts[g.status] = g._count._all;
    const dueNow = await tx.reminderOutbox.count({ where: { ...scope, status: "QUEUED", nextAttemptAt: { lte: now }, appointmentAt: { gt: now } } });
    const rows = await tx.reminderOutbox.findMany({
      where: { ...scope, ...(status ? { status } : {}) },
      orderBy: [{ nextAttemptAt: "desc" }],
      take: OUTBOX_PAGE_SIZE,
      include: {
        patient: { select: { givenName: true, familyName: true, preferredLanguage: true } },
        appointment: { select: { clinicDay: { select: { clinic: { select: { site: { select: { name: true, address: true } } } } } } } },
      },
    });
    await recordPatientViews(
      tx,
      { actor: ctx.actor, action: "reminder.view-outbox", entityType: "ReminderOutbox", request: ctx.request, details: { status: status ?? "all" } },
      rows.map((r) => r.patientId),
    );
    const catalogues = loadCatalogues();
    return {
      sending: Boolean(settings.NOTIFY_API_KEY),
      hoursBefore: settings.REMINDER_HOURS_BEFORE,
      counts,
      dueNow,
      rows: rows.map((r) => {
        const site = r.appointment?.clinicDay.clinic.site;
        // An invitation's link is never shown here: its token is the patient's key.
        const message = site
          ? reminderMessage(
              { givenName: r.patient.givenName, appointmentAt: r.appointmentAt, siteName: site.name, siteAddress: site.address },
              translatorFor(r.patient.preferredLanguage, catalogues),
            )
          : { ...invitationMessage({ url: "(the patient's link)" }), locale: "en", languageNotes: [] };
        return {
          id: r.id,
          patientId: r.patientId,
          patientName: `${r.patient.givenName} ${r.patient.familyName}`,
          channel: r.channel,
          status: r.status,
          appointmentAt: formatLondon(r.appointmentAt, LABEL),
          nextAttemptAt: formatLondon(r.nextAttemptAt, LABEL),
          due: r.status === "QUEUED" && r.nextAttemptAt <= now && r.appointmentAt > now,
          lapsed: r.status === "QUEUED" && r.appointmentAt <= now,
          attempts: r.attempts,
          lastError: r.lastError,
          sentAt: r.sentAt ? formatLondon(r.sentAt, LABEL) : null,
          preview: message.preview,
          locale: message.locale,
          language: r.patient.preferredLanguage,
          languageNotes: message.languageNotes,
        };
      }),
    };
  });
}
