/**
 * From the preferred language written on a patient's record (free text:
 * "English", "Polish", "Urdu"…) to the locale whose catalogue they receive.
 * The table only names languages: whether a catalogue exists for one is up to
 * the service (lib/messages/index.ts). A record may also give a locale code
 * itself ("pt-BR"), which is used when a catalogue has exactly that code.
 */
export const LANGUAGE_LOCALES: ReadonlyArray<{ locale: string; names: readonly string[] }> = [
  { locale: "en-GB", names: ["english", "british english"] },
  { locale: "ar", names: ["arabic"] },
  { locale: "bn", names: ["bengali", "bangla", "sylheti"] },
  { locale: "bg", names: ["bulgarian"] },
  { locale: "cy", names: ["welsh", "cymraeg"] },
  { locale: "cs", names: ["czech"] },
  { locale: "de", names: ["german"] },
  { locale: "el", names: ["greek"] },
  { locale: "es", names: ["spanish"] },
  { locale: "fa", names: ["farsi", "persian", "dari"] },
  { locale: "fr", names: ["french"] },
  { locale: "gu", names: ["gujarati"] },
  { locale: "hi", names: ["hindi"] },
  { locale: "hu", names: ["hungarian"] },
  { locale: "it", names: ["italian"] },
  { locale: "ku", names: ["kurdish", "kurmanji"] },
  { locale: "lt", names: ["lithuanian"] },
  { locale: "lv", names: ["latvian"] },
  { locale: "ne", names: ["nepali"] },
  { locale: "pa", names: ["punjabi", "panjabi"] },
  { locale: "pl", names: ["polish"] },
  { locale: "ps", names: ["pashto", "pushto"] },
  { locale: "pt", names: ["portuguese"] },
  { locale: "ro", names: ["romanian"] },
  { locale: "ru", names: ["russian"] },
  { locale: "sk", names: ["slovak"] },
  { locale: "so", names: ["somali"] },
  { locale: "sq", names: ["albanian"] },
  { locale: "ta", names: ["tamil"] },
  { locale: "ti", names: ["tigrinya"] },
  { locale: "tr", names: ["turkish"] },
  { locale: "uk", names: ["ukrainian"] },
  { locale: "ur", names: ["urdu"] },
  { locale: "vi", names: ["vietnamese"] },
  { locale: "yue", names: ["cantonese"] },
  { locale: "zh", names: ["chinese", "mandarin"] },
];

/** Languages written right to left, by their primary subtag. */
const RIGHT_TO_LEFT = new Set(["ar", "fa", "he", "ps", "ur", "yi", "sd", "ug", "dv", "ckb"]);

export const ENGLISH_LOCALE = "en-GB";

/** The locale the table gives for a language as written on the record, or null when it names none. */
export function localeForLanguageName(preferredLanguage: string): string | null {
  const name = preferredLanguage.trim().toLowerCase().replace(/\s+/g, " ");
  if (name === "") return ENGLISH_LOCALE;
  return LANGUAGE_LOCALES.find((l) => l.names.includes(name))?.locale ?? null;
}

/** The canonical form of a BCP 47 locale code, or null when the text is not one. */
export function canonicalLocale(text: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(text.trim())) return null;
  try {
    return Intl.getCanonicalLocales(text.trim())[0] ?? null;
  } catch {
    return null;
  }
}

export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(locale.split("-")[0].toLowerCase());
}

export function isEnglishLocale(locale: string): boolean {
  return locale === "en" || locale === ENGLISH_LOCALE;
}
