/**
 * Message catalogues: the fixed words a patient receives, in their language.
 * English is built in (english.ts); another language is a catalogue file a
 * service supplies, checked here against English before any of it is used.
 * Each message falls back to English on its own when a catalogue lacks it or
 * has it wrong, and the translator records which did, so staff can be told.
 * A message key is never shown: the English catalogue has every key, and a
 * message that cannot be formatted in English is a programming error.
 *
 * ICU MessageFormat (intl-messageformat, plural rules from the runtime's Intl).
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { formatLondon } from "@/lib/schedule";
import { ENGLISH, MESSAGE_KEYS, type MessageKey } from "./english";
import { canonicalLocale, ENGLISH_LOCALE, isEnglishLocale, isRightToLeft, localeForLanguageName } from "./languages";

export { ENGLISH, MESSAGE_KEYS, type MessageKey } from "./english";
export { ENGLISH_LOCALE, isRightToLeft } from "./languages";

/** A language's messages, each already checked against English. */
export type Catalogue = { locale: string; messages: Partial<Record<MessageKey, string>> };

export type CatalogueCheck = { catalogue: Catalogue; problems: string[] };

/** The arguments and tags a message uses, e.g. {name}, {count, plural…}, <b>. */
function namesIn(elements: MessageFormatElement[], into = { args: new Set<string>(), tags: new Set<string>() }) {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      into.tags.add(el.value);
      namesIn(el.children, into);
      continue;
    }
    into.args.add(el.value);
    if (el.type === TYPE.select || el.type === TYPE.plural) for (const option of Object.values(el.options)) namesIn(option.value, into);
  }
  return into;
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** Why a translation of `key` cannot be used, or null when it can. */
export function translationProblem(key: MessageKey, text: string): string | null {
  let ast: MessageFormatElement[];
  try {
    ast = parse(text);
  } catch (error) {
    return `not valid ICU MessageFormat (${(error as Error).message})`;
  }
  const english = namesIn(parse(ENGLISH[key].message));
  const theirs = namesIn(ast);
  if (!same(english.args, theirs.args)) {
    return `must use the placeholders ${[...english.args].map((a) => `{${a}}`).join(", ") || "(none)"}, not ${[...theirs.args].map((a) => `{${a}}`).join(", ") || "(none)"}`;
  }
  const extra = [...theirs.tags].filter((t) => !english.tags.has(t));
  if (extra.length > 0) return `uses markup English does not: ${extra.map((t) => `<${t}>`).join(", ")}`;
  return null;
}

/**
 * Checks one catalogue file's contents (its locale from the file name): every
 * message must be a known key whose translation parses and uses the same
 * placeholders as English. What fails is left out, and said.
 */
export function checkCatalogue(fileLocale: string, contents: unknown): CatalogueCheck {
  const locale = canonicalLocale(fileLocale);
  const problems: string[] = [];
  const messages: Partial<Record<MessageKey, string>> = {};
  if (!locale) return { catalogue: { locale: fileLocale, messages }, problems: [`“${fileLocale}” is not a locale code (like pl or pt-BR)`] };
  if (isEnglishLocale(locale)) return { catalogue: { locale, messages }, problems: ["English is built in; this file is not used"] };
  if (typeof contents !== "object" || contents === null || Array.isArray(contents)) {
    return { catalogue: { locale, messages }, problems: ["the file must be one JSON object of message keys and their text"] };
  }
  for (const [key, text] of Object.entries(contents)) {
    if (!(key in ENGLISH)) {
      problems.push(`${key}: not a message the app uses`);
      continue;
    }
    if (typeof text !== "string" || text.trim() === "") {
      problems.push(`${key}: must be text`);
      continue;
    }
    const problem = translationProblem(key as MessageKey, text);
    if (problem) problems.push(`${key}: ${problem}`);
    else messages[key as MessageKey] = text;
  }
  return { catalogue: { locale, messages }, problems };
}

/** How a patient's preferred language was matched to a catalogue. */
export type LanguageChoice =
  | { kind: "english"; locale: typeof ENGLISH_LOCALE; language: string }
  | { kind: "catalogue"; locale: string; language: string }
  /** A language the table knows, with no catalogue for it. */
  | { kind: "no-catalogue"; locale: typeof ENGLISH_LOCALE; language: string; wanted: string }
  /** Text the table cannot match to a language. */
  | { kind: "unknown"; locale: typeof ENGLISH_LOCALE; language: string };

/**
 * The catalogue for a preferred language, given the locales that have one.
 * A record may name the language ("Polish") or give a locale code that a
 * catalogue has exactly ("pt-BR"); a named language also uses a catalogue for
 * a regional variant when it is the only one (Punjabi → pa-PK).
 */
export function chooseLanguage(preferredLanguage: string, available: readonly string[]): LanguageChoice {
  const language = preferredLanguage.trim() || "English";
  const code = canonicalLocale(language);
  if (code && available.includes(code)) return { kind: "catalogue", locale: code, language };
  const wanted = localeForLanguageName(language);
  if (wanted === null) return { kind: "unknown", locale: ENGLISH_LOCALE, language };
  if (isEnglishLocale(wanted)) return { kind: "english", locale: ENGLISH_LOCALE, language };
  if (available.includes(wanted)) return { kind: "catalogue", locale: wanted, language };
  const regional = available.filter((l) => l.split("-")[0] === wanted);
  if (regional.length === 1) return { kind: "catalogue", locale: regional[0], language };
  return { kind: "no-catalogue", locale: ENGLISH_LOCALE, language, wanted };
}

export type Values<T> = Record<string, string | number | Date | ((chunks: Array<string | T>) => T | string | Array<string | T>)>;

export type Translator = {
  /** The locale the words are in (en-GB when none of the catalogue is used). */
  locale: string;
  choice: LanguageChoice;
  /** A message as plain text; markup keeps its words. */
  text(key: MessageKey, values?: Record<string, string | number>): string;
  /** A message with markup rendered by the caller (e.g. `b: (chunks) => <strong>…</strong>`). */
  rich<T>(key: MessageKey, values: Values<T>): Array<string | T>;
  /** Whether this message was shown in English in place of the patient's language. */
  inEnglish(key: MessageKey): boolean;
  /** What staff should know about the language used so far, in plain words (never a key). */
  staffNotes(): string[];
};

const plainTags = { b: (chunks: unknown[]) => chunks.join("") };

/** A translator for one patient's language; `catalogue` is the one `choice` names, if any. */
export function translator(choice: LanguageChoice, catalogue: Catalogue | null): Translator {
  const messages = choice.kind === "catalogue" && catalogue?.locale === choice.locale ? catalogue.messages : {};
  const fellBack = new Set<MessageKey>();

  function formatted<T>(key: MessageKey, values: Values<T>): Array<string | T> {
    const translation = messages[key];
    if (translation !== undefined) {
      try {
        const out = new IntlMessageFormat(translation, choice.locale).format<T>(values as never);
        return Array.isArray(out) ? out : [out as string | T];
      } catch {
        // A value the translation cannot take (checked catalogues make this rare): English instead.
      }
    }
    if (choice.kind === "catalogue") fellBack.add(key);
    const out = new IntlMessageFormat(ENGLISH[key].message, ENGLISH_LOCALE).format<T>(values as never);
    return Array.isArray(out) ? out : [out as string | T];
  }

  return {
    locale: choice.locale,
    choice,
    text: (key, values = {}) => formatted<string>(key, { ...plainTags, ...values } as Values<string>).join(""),
    rich: (key, values) => formatted(key, values),
    inEnglish: (key) => choice.kind !== "catalogue" || fellBack.has(key),
    staffNotes() {
      if (choice.kind === "no-catalogue") return [`Shown in English: there is no ${choice.language} catalogue.`];
      if (choice.kind === "unknown") return [`Shown in English: “${choice.language}” is not a language with a catalogue.`];
      if (choice.kind === "catalogue" && fellBack.size > 0) {
        const what = MESSAGE_KEYS.filter((k) => fellBack.has(k)).map((k) => ENGLISH[k].description);
        return [`Shown in English: no ${choice.language} translation for ${what.join("; ")}.`];
      }
      return [];
    },
  };
}

/** A calendar date in the translator's language: "Wednesday 2 December 2026" in English. `date` is an instant or yyyy-MM-dd. */
export function longDate(date: Date | string, locale: string): string {
  const instant = typeof date === "string" ? new Date(`${date}T12:00:00Z`) : date;
  if (isEnglishLocale(locale)) return formatLondon(instant, "EEEE d MMMM yyyy");
  return new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(
    instant,
  );
}

/** A calendar date without its weekday: "2 December 2026" in English. */
export function calendarDate(date: Date | string, locale: string): string {
  const instant = typeof date === "string" ? new Date(`${date}T12:00:00Z`) : date;
  if (isEnglishLocale(locale)) return formatLondon(instant, "d MMMM yyyy");
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" }).format(instant);
}

/** A time of day in the translator's language: "2:30pm" in English. */
export function timeOfDay(instant: Date, locale: string): string {
  if (isEnglishLocale(locale)) return formatLondon(instant, "h:mmaaa");
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "Europe/London" }).format(instant);
}

/** A catalogue's coverage of the built-in English messages, for the clinic lead. */
export type Coverage = {
  locale: string;
  /** The language's name in English, e.g. "Polish". */
  name: string;
  rightToLeft: boolean;
  total: number;
  present: number;
  missing: Array<{ key: MessageKey; description: string }>;
  problems: string[];
};

export function coverage(check: CatalogueCheck): Coverage {
  const { locale, messages } = check.catalogue;
  let name = locale;
  try {
    name = new Intl.DisplayNames(["en-GB"], { type: "language" }).of(locale) ?? locale;
  } catch {
    // not a locale code: its problem says so
  }
  const missing = MESSAGE_KEYS.filter((k) => messages[k] === undefined).map((key) => ({ key, description: ENGLISH[key].description }));
  return {
    locale,
    name,
    rightToLeft: isRightToLeft(locale),
    total: MESSAGE_KEYS.length,
    present: MESSAGE_KEYS.length - missing.length,
    missing,
    problems: check.problems,
  };
}
