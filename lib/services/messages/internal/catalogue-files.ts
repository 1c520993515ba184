/**
 * Reads the message catalogue files a service supplies: `<locale>.json` in
 * MESSAGE_CATALOGUE_DIR, each checked against the built-in English
 * (lib/messages). The folder is read on each use, so a file added or corrected
 * is used from the next reminder or printed copy, with no restart; it is a
 * handful of small files.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { messageEnv } from "@/lib/env";
import { checkCatalogue, chooseLanguage, translator, type Catalogue, type CatalogueCheck, type Translator } from "@/lib/messages";

export type CatalogueFiles = { folder: string; exists: boolean; checks: Array<CatalogueCheck & { file: string }> };

export function readCatalogueFiles(folder: string = messageEnv().MESSAGE_CATALOGUE_DIR): CatalogueFiles {
  const resolved = path.resolve(folder);
  if (!existsSync(resolved)) return { folder: resolved, exists: false, checks: [] };
  const files = readdirSync(resolved)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return {
    folder: resolved,
    exists: true,
    checks: files.map((file) => {
      let contents: unknown;
      try {
        contents = JSON.parse(readFileSync(path.join(resolved, file), "utf8"));
      } catch (error) {
        return { file, catalogue: { locale: file.slice(0, -5), messages: {} }, problems: [`not valid JSON (${(error as Error).message})`] };
      }
      return { file, ...checkCatalogue(file.slice(0, -5), contents) };
    }),
  };
}

/** The usable catalogues by locale: a file with problems keeps its good messages; one with none is not a catalogue. */
export function loadCatalogues(folder?: string): Map<string, Catalogue> {
  const catalogues = new Map<string, Catalogue>();
  for (const { catalogue } of readCatalogueFiles(folder).checks) {
    if (Object.keys(catalogue.messages).length > 0) catalogues.set(catalogue.locale, catalogue);
  }
  return catalogues;
}

/** A translator for a patient's preferred language over the given catalogues. */
export function translatorFor(preferredLanguage: string, catalogues: Map<string, Catalogue>): Translator {
  const choice = chooseLanguage(preferredLanguage, [...catalogues.keys()]);
  return translator(choice, catalogues.get(choice.locale) ?? null);
}
