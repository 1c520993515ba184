import { describe, expect, it } from "vitest";
import {
  checkCatalogue,
  chooseLanguage,
  coverage,
  ENGLISH,
  longDate,
  MESSAGE_KEYS,
  timeOfDay,
  translationProblem,
  translator,
  type MessageKey,
} from "@/lib/messages";
import { LANGUAGE_LOCALES } from "@/lib/messages/languages";
import { pseudoCatalogueFile, pseudoMessage, PSEUDO_LOCALE } from "@/lib/messages/pseudo";

const VALUES: Record<string, string | number> = {
  name: "Asha",
  date: "Wednesday 2 December 2026",
  time: "9:30am",
  place: "Riverside Health Centre",
  contact: "01632 960001",
  dateOfBirth: "1 May 1950",
  nhsNumber: "999 000 0001",
  practice: "Riverside Surgery",
  kind: "MEDICAL",
  description: "Check blood pressure",
  who: "Practice nurse",
  byWhen: "Friday 4 December 2026",
  count: 2,
  named: "yes",
  version: 2,
  agreed: "yes",
  finalisedAt: "2 December 2026",
  finalisedBy: "Dr Jones",
};

const pseudo = () => checkCatalogue(PSEUDO_LOCALE, pseudoCatalogueFile()).catalogue;
const inPseudo = () => translator(chooseLanguage(PSEUDO_LOCALE, [PSEUDO_LOCALE]), pseudo());

describe("the English catalogue", () => {
  it("formats every message with its values and no placeholder or key left", () => {
    const t = translator(chooseLanguage("English", []), null);
    for (const key of MESSAGE_KEYS) {
      const text = t.text(key, VALUES);
      expect(text).not.toMatch(/[{}<>]/);
      expect(text).not.toContain(key);
      expect(text.length).toBeGreaterThan(3);
    }
  });

  it("keeps the reminder's wording as it was before catalogues", () => {
    expect(translator(chooseLanguage("English", []), null).text("reminder.text", VALUES)).toBe(
      "Hello Asha, this is a reminder of your appointment on Wednesday 2 December 2026 at 9:30am at Riverside Health Centre. To change or cancel it, contact 01632 960001.",
    );
  });

  it("gives every message a description staff can read", () => {
    for (const key of MESSAGE_KEYS) expect(ENGLISH[key].description).toMatch(/^[a-z]/);
  });
});

describe("choosing a patient's language", () => {
  it("uses English for English, blank and any case or spacing of it", () => {
    for (const text of ["English", " english ", "", "British  English"]) expect(chooseLanguage(text, ["pl"]).kind).toBe("english");
  });

  it("uses the catalogue the table names for a language, by name or code", () => {
    expect(chooseLanguage("Polish", ["pl", "ur"])).toMatchObject({ kind: "catalogue", locale: "pl", language: "Polish" });
    expect(chooseLanguage("urdu", ["pl", "ur"])).toMatchObject({ kind: "catalogue", locale: "ur" });
    expect(chooseLanguage("pt-br", ["pt-BR"])).toMatchObject({ kind: "catalogue", locale: "pt-BR" });
    expect(chooseLanguage("Punjabi", ["pa-PK"])).toMatchObject({ kind: "catalogue", locale: "pa-PK" });
  });

  it("falls back to English, saying why, for a known language without a catalogue and for text it cannot match", () => {
    expect(chooseLanguage("Polish", [])).toMatchObject({ kind: "no-catalogue", locale: "en-GB", wanted: "pl" });
    expect(chooseLanguage("Klingon", ["pl"])).toMatchObject({ kind: "unknown", locale: "en-GB" });
    expect(translator(chooseLanguage("Polish", []), null).staffNotes()).toEqual(["Shown in English: there is no Polish catalogue."]);
    expect(translator(chooseLanguage("Klingon", []), null).staffNotes()).toEqual(["Shown in English: “Klingon” is not a language with a catalogue."]);
  });

  it("has one locale per language name, each a valid code", () => {
    const names = LANGUAGE_LOCALES.flatMap((l) => l.names);
    expect(new Set(names).size).toBe(names.length);
    for (const { locale } of LANGUAGE_LOCALES) expect(Intl.getCanonicalLocales(locale)[0]).toBe(locale);
  });

  it("never picks the pseudo-locale for a language name: only a catalogue file of that code can", () => {
    for (const { names } of LANGUAGE_LOCALES) for (const name of names) expect(chooseLanguage(name, [PSEUDO_LOCALE]).locale).not.toBe(PSEUDO_LOCALE);
  });
});

describe("checking a catalogue file", () => {
  it("keeps valid messages and names each problem: unknown key, bad syntax, other placeholders, extra markup, not text", () => {
    const { catalogue, problems } = checkCatalogue("pl", {
      "carePlan.title": "Twój plan opieki i wsparcia",
      "carePlan.nonsense": "x",
      "carePlan.draft": "Szkic {",
      "carePlan.for": "Dla {imie}",
      "carePlan.goals.heading": "<i>Cele</i>",
      "carePlan.actions.heading": 3,
    });
    expect(catalogue.messages).toEqual({ "carePlan.title": "Twój plan opieki i wsparcia" });
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/carePlan.nonsense: not a message/);
    expect(problems.join("\n")).toMatch(/carePlan.draft: not valid ICU/);
    expect(problems.join("\n")).toMatch(/carePlan.for: must use the placeholders \{name\}, \{dateOfBirth\}/);
    expect(problems.join("\n")).toMatch(/carePlan.goals.heading: uses markup English does not: <i>/);
    expect(problems.join("\n")).toMatch(/carePlan.actions.heading: must be text/);
  });

  it("refuses a file that is not a locale, is English, or is not an object", () => {
    expect(checkCatalogue("polish!", {}).problems[0]).toMatch(/not a locale code/);
    expect(checkCatalogue("en", {}).problems[0]).toMatch(/English is built in/);
    expect(checkCatalogue("pl", ["x"]).problems[0]).toMatch(/one JSON object/);
  });

  it("accepts a translation that orders its placeholders differently and uses its own plural categories", () => {
    expect(translationProblem("reminder.subject", "Wizyta {date}")).toBeNull();
    expect(translationProblem("carePlan.support.intro", "Uzgodniliśmy {count, plural, one {to} few {te} many {te} other {te}}:")).toBeNull();
  });
});

describe("the pseudo-locale proves every message goes through the catalogue", () => {
  it("is a complete, valid catalogue", () => {
    const check = checkCatalogue(PSEUDO_LOCALE, pseudoCatalogueFile());
    expect(check.problems).toEqual([]);
    expect(coverage(check)).toMatchObject({ present: MESSAGE_KEYS.length, missing: [] });
  });

  it("renders every message accented and bracketed, values untouched, and needs no English", () => {
    const t = inPseudo();
    for (const key of MESSAGE_KEYS) {
      const text = t.text(key, VALUES);
      expect(text, key).toMatch(/^⟦.*⟧$/s);
      expect(t.inEnglish(key)).toBe(false);
    }
    expect(t.text("reminder.text", VALUES)).toContain("Riverside Health Centre");
    expect(t.text("reminder.text", VALUES)).toContain("Ĥéļļö Asha");
    expect(t.staffNotes()).toEqual([]);
  });

  it("keeps plural and select branches working", () => {
    expect(pseudoMessage("{n, plural, one {# day} other {# days}}")).toBe("⟦{n,plural,one{# đåý} other{# đåýš}}⟧");
    const t = inPseudo();
    expect(t.text("carePlan.keyWorker", { named: "no" })).toContain("ñöţ ñåɱéđ ýéţ");
  });
});

describe("a missing message", () => {
  const without: MessageKey[] = ["reminder.text", "carePlan.title"];
  const check = checkCatalogue(PSEUDO_LOCALE, pseudoCatalogueFile(without));
  const t = translator(chooseLanguage(PSEUDO_LOCALE, [PSEUDO_LOCALE]), check.catalogue);

  it("falls back to English for that message alone, and says so to staff in words, never a key", () => {
    expect(t.text("reminder.text", VALUES)).toMatch(/^Hello Asha, this is a reminder/);
    expect(t.text("reminder.subject", VALUES)).toMatch(/^⟦/);
    expect(t.inEnglish("reminder.text")).toBe(true);
    expect(t.inEnglish("reminder.subject")).toBe(false);
    t.text("carePlan.title");
    expect(t.staffNotes()).toEqual([
      `Shown in English: no ${PSEUDO_LOCALE} translation for the appointment reminder (text message and email body); the care plan copy's title.`,
    ]);
    expect(t.staffNotes().join(" ")).not.toMatch(/reminder\.text|carePlan\.title/);
  });

  it("shows in the lead's coverage with its description", () => {
    expect(coverage(check)).toMatchObject({
      total: MESSAGE_KEYS.length,
      present: MESSAGE_KEYS.length - 2,
      missing: [
        { key: "reminder.text", description: ENGLISH["reminder.text"].description },
        { key: "carePlan.title", description: ENGLISH["carePlan.title"].description },
      ],
    });
  });

  it("never comes out as its key, whatever catalogue is used", () => {
    const empty = translator(chooseLanguage("pl", ["pl"]), { locale: "pl", messages: {} });
    for (const key of MESSAGE_KEYS) expect(empty.text(key, VALUES)).toBe(translator(chooseLanguage("English", []), null).text(key, VALUES));
  });

  it("falls back when a translation cannot take the value it is given", () => {
    // The date arrives already written out, so a translation that formats it as a date cannot.
    const broken = translator(chooseLanguage("pl", ["pl"]), { locale: "pl", messages: { "reminder.subject": "Wizyta {date, date, long}" } });
    expect(broken.text("reminder.subject", VALUES)).toBe("Your appointment on Wednesday 2 December 2026");
    expect(broken.inEnglish("reminder.subject")).toBe(true);
  });
});

describe("dates and times in the patient's language", () => {
  const at = new Date("2026-07-01T08:30:00Z"); // 09:30 in London (summer time)
  it("keeps English as the pages write it", () => {
    expect(longDate(at, "en-GB")).toBe("Wednesday 1 July 2026");
    expect(longDate("2026-12-02", "en-GB")).toBe("Wednesday 2 December 2026");
    expect(timeOfDay(at, "en-GB")).toBe("9:30am");
  });
  it("writes another language's day and month names, at London time", () => {
    expect(longDate(at, "pl")).toBe("środa, 1 lipca 2026");
    expect(timeOfDay(at, "pl")).toBe("9:30");
  });
});

describe("coverage", () => {
  it("names the language and whether it is written right to left", () => {
    expect(coverage(checkCatalogue("ur", {}))).toMatchObject({ name: "Urdu", rightToLeft: true, present: 0 });
    expect(coverage(checkCatalogue("pl", {}))).toMatchObject({ name: "Polish", rightToLeft: false });
  });
});
