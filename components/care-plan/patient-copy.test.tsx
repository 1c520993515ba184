import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { checkCatalogue, chooseLanguage, MESSAGE_KEYS } from "@/lib/messages";
import { pseudoCatalogueFile, PSEUDO_LOCALE } from "@/lib/messages/pseudo";
import { PatientCopy, type PatientCopyProps } from "./patient-copy";

const patient = { name: "Asha Patel", dateOfBirth: "1950-05-01", nhsNumber: "9990000018", practiceName: "Riverside Surgery" };
const FREE_TEXT = { whatMatters: "Walking to the allotment", goals: "Walk for twenty minutes a day", recommendation: "Guided self-help" };
const plan: PatientCopyProps["plan"] = {
  status: "DRAFT",
  version: 2,
  whatMatters: FREE_TEXT.whatMatters,
  goals: FREE_TEXT.goals,
  actions: [{ kind: "MEDICAL", description: "Check blood pressure", who: "Practice nurse", byWhen: "2026-12-04" }],
  recommendations: [
    { recommendation: FREE_TEXT.recommendation, accepted: true },
    { recommendation: "Not taken up", accepted: false },
  ],
  keyWorkerName: "Priya Shah",
  nextReviewDate: "2027-03-01",
  reviewClinicDayDate: "2027-03-03",
  finalisedAt: new Date("2026-12-02T10:00:00Z"),
  finalisedByName: "Dr Jones",
};

function render(file: Record<string, string>, easyRead: boolean, language = PSEUDO_LOCALE) {
  const { catalogue } = checkCatalogue(PSEUDO_LOCALE, file);
  const choice = chooseLanguage(language, [PSEUDO_LOCALE]);
  return renderToStaticMarkup(<PatientCopy patient={patient} plan={plan} copy={{ choice, catalogue, easyRead }} />);
}

/** The copy's text, one line per block, with the pseudo-locale's bracketed messages taken out. */
function outsideCatalogue(html: string): string[] {
  const text = html
    .replace(/<div role="note"[\s\S]*?<\/div>/, "")
    .replace(/<\/?(strong|span)[^>]*>/g, "")
    .replace(/<[^>]+>/g, "\n");
  return text
    .replace(/⟦[^⟧]*⟧/g, "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

describe("the patient's copy of their care plan", () => {
  for (const easyRead of [false, true]) {
    it(`${easyRead ? "easy read" : "standard"}: every fixed word comes from the catalogue; only what staff wrote is not`, () => {
      const html = render(pseudoCatalogueFile(), easyRead);
      expect(outsideCatalogue(html)).toEqual([FREE_TEXT.whatMatters, FREE_TEXT.goals, FREE_TEXT.recommendation]);
      expect(html).not.toContain('role="note"');
    });
  }

  it("shows a message the catalogue lacks in English, marked as English, and tells staff in words", () => {
    const html = render(pseudoCatalogueFile(["carePlan.keyWorker.heading"]), false);
    expect(html).toContain(
      '<h2 class="mt-5 text-2xl font-bold print:mt-3 print:text-[14pt]"><span lang="en-GB" dir="ltr">Who keeps in touch with you</span></h2>',
    );
    expect(html).toContain(`Shown in English: no ${PSEUDO_LOCALE} translation for the care plan copy&#x27;s heading “key worker”.`);
    expect(html).not.toContain("carePlan.keyWorker.heading");
  });

  it("never shows a message key, whatever the catalogue holds", () => {
    for (const easyRead of [false, true]) {
      for (const html of [render({}, easyRead), render(pseudoCatalogueFile(MESSAGE_KEYS.slice(0, 20)), easyRead), render({}, easyRead, "Klingon")]) {
        expect(html).not.toMatch(/(carePlan|easyRead|reminder)\.[a-zA-Z]/);
      }
    }
  });

  it("is easy read in shorter words than the standard copy", () => {
    const words = (html: string) => outsideCatalogue(html.replace(/⟦|⟧/g, "")).join(" ").split(/\s+/).length;
    expect(words(render({}, true, "English"))).toBeLessThan(words(render({}, false, "English")));
  });
});
