import { assertPermission } from "@/lib/auth/permissions";
import type { ServiceContext } from "@/lib/db/context";
import { chooseLanguage, coverage, MESSAGE_KEYS, type Coverage, type LanguageChoice } from "@/lib/messages";
import { readCatalogueFiles } from "@/lib/services/messages/internal/catalogue-files";

export type LanguageCoverage = {
  /** The catalogue folder as the server resolves it, and whether it exists. */
  folder: string;
  exists: boolean;
  /** How many messages English has: every catalogue is measured against it. */
  total: number;
  catalogues: Array<Coverage & { file: string }>;
  /** The languages the PCN's patients prefer, most first, with what they receive. */
  patients: Array<{ language: string; patients: number; interpreterNeeded: number; choice: LanguageChoice }>;
};

/**
 * The clinic lead's view of the message catalogues: each file's coverage of
 * the English messages and its problems, and the languages the PCN's patients
 * prefer with the catalogue each receives. Counts only: no patient is named,
 * so no record is read and nothing is audited.
 */
export async function getLanguageCoverage(ctx: ServiceContext): Promise<LanguageCoverage> {
  assertPermission(ctx.actor, "language:view");
  const files = readCatalogueFiles();
  const catalogues = files.checks.map((check) => ({ file: check.file, ...coverage(check) }));
  const available = files.checks.filter((c) => Object.keys(c.catalogue.messages).length > 0).map((c) => c.catalogue.locale);
  const grouped = await ctx.db.patient.groupBy({
    by: ["preferredLanguage", "interpreterNeeded"],
    where: { practice: { pcnId: ctx.actor.pcnId } },
    _count: { _all: true },
  });
  const byLanguage = new Map<string, { patients: number; interpreterNeeded: number }>();
  for (const g of grouped) {
    const row = byLanguage.get(g.preferredLanguage) ?? { patients: 0, interpreterNeeded: 0 };
    row.patients += g._count._all;
    if (g.interpreterNeeded) row.interpreterNeeded += g._count._all;
    byLanguage.set(g.preferredLanguage, row);
  }
  const patients = [...byLanguage.entries()]
    .map(([language, counts]) => ({ language, ...counts, choice: chooseLanguage(language, available) }))
    .sort((a, b) => b.patients - a.patients || a.language.localeCompare(b.language));
  return { folder: files.folder, exists: files.exists, total: MESSAGE_KEYS.length, catalogues, patients };
}
