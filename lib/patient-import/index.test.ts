import { describe, expect, it } from "vitest";
import { generateTestNhsNumber } from "@/lib/nhs-number";
import { testNhsNumbers } from "@/tests/helpers/nhs-numbers";
import {
  MAX_IMPORT_BYTES,
  PATIENT_IMPORT_COLUMNS,
  checkImportFile,
  checkImportRow,
  checkImportRows,
  decodeCsvBytes,
  normaliseHeader,
  parseImportCsv,
  type ImportRow,
} from "./index";

const PRACTICE_A = "0190a000-0000-7000-8000-00000000000a";
const PRACTICE_B = "0190a000-0000-7000-8000-00000000000b";
const practices = new Map([
  ["Y99901", PRACTICE_A],
  ["Y99902", PRACTICE_B],
]);

const HEADER = PATIENT_IMPORT_COLUMNS.join(",");

function row(values: ImportRow["values"], rowNumber = 2): ImportRow {
  return {
    rowNumber,
    values: {
      nhs_number: generateTestNhsNumber(500),
      given_name: "Amira",
      family_name: "Ahmed",
      date_of_birth: "1956-03-14",
      practice_ods_code: "Y99901",
      ...values,
    },
  };
}

describe("checkImportFile", () => {
  it("accepts a CSV within the limit", () => {
    expect(checkImportFile({ name: "list.CSV", size: 1000 })).toBeNull();
  });

  it("refuses another kind of file and lists the expected columns", () => {
    const message = checkImportFile({ name: "list.xlsx", size: 1000 });
    expect(message).toMatch(/not a CSV file/);
    expect(message).toContain(PATIENT_IMPORT_COLUMNS.join(", "));
  });

  it("refuses an empty file", () => {
    expect(checkImportFile({ name: "list.csv", size: 0 })).toMatch(/empty/);
  });

  it("refuses a file over 5 MB, stating the limit", () => {
    expect(checkImportFile({ name: "list.csv", size: MAX_IMPORT_BYTES + 1 })).toMatch(/largest file that can be imported is 5 MB/);
    expect(checkImportFile({ name: "list.csv", size: MAX_IMPORT_BYTES })).toBeNull();
  });
});

describe("parseImportCsv", () => {
  it("matches headers whatever their case and spacing, and numbers rows as a spreadsheet does", () => {
    const text =
      "\uFEFFNHS Number, Given Name ,family-name,Date of Birth,Practice ODS Code\r\n9990000018,Amira,Ahmed,14/03/1956,y99901\r\n\r\n9990000026,Brian,Baker,1960-01-02,Y99902\r\n";
    const parsed = parseImportCsv(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows).toEqual([
      {
        rowNumber: 2,
        values: { nhs_number: "9990000018", given_name: "Amira", family_name: "Ahmed", date_of_birth: "14/03/1956", practice_ods_code: "y99901" },
      },
      {
        rowNumber: 4,
        values: { nhs_number: "9990000026", given_name: "Brian", family_name: "Baker", date_of_birth: "1960-01-02", practice_ods_code: "Y99902" },
      },
    ]);
  });

  it("reads quoted values with commas and line breaks", () => {
    const parsed = parseImportCsv(`${HEADER}\n9990000018,Amira,"O'Connor, Jr",1956-03-14,F,,,Y99901,,,"Wheelchair user,\nstep-free",Diabetes;COPD\n`);
    expect(parsed.ok && parsed.rows[0].values.family_name).toBe("O'Connor, Jr");
    expect(parsed.ok && parsed.rows[0].values.accessibility_needs).toBe("Wheelchair user,\nstep-free");
  });

  it("refuses missing required columns, naming them and listing what was expected", () => {
    const parsed = parseImportCsv("nhs_number,given_name,family_name\n9990000018,Amira,Ahmed\n");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain("missing required columns date_of_birth, practice_ods_code");
    expect(parsed.message).toContain(`The first row must name the columns: ${PATIENT_IMPORT_COLUMNS.join(", ")}`);
  });

  it("refuses columns it does not know rather than silently dropping them", () => {
    const parsed = parseImportCsv("nhs_number,given_name,family_name,date_of_birth,practice_ods_code,mobile\n");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain("a column this import does not know: mobile");
  });

  it("refuses a file with no data rows or no text at all", () => {
    expect(parseImportCsv("").ok).toBe(false);
    expect(parseImportCsv("\n\n").ok).toBe(false);
    const headerOnly = parseImportCsv(`${HEADER}\n`);
    expect(!headerOnly.ok && headerOnly.message).toMatch(/no patients/);
  });

  it("refuses binary content saved with a .csv name", () => {
    const parsed = parseImportCsv("PK\u0003\u0004\u0000\u0000binary");
    expect(!parsed.ok && parsed.message).toMatch(/not plain CSV text/);
  });
});

describe("checkImportRow", () => {
  it("turns a good row into the patient form's values", () => {
    const checked = checkImportRow(
      row({
        nhs_number: "999 000 0018",
        date_of_birth: "14/03/1956",
        sex: "f",
        phone: "07700 900123",
        email: "amira@example.com",
        practice_ods_code: "y99902",
        preferred_language: "Somali",
        interpreter_needed: "Yes",
        accessibility_needs: "Wheelchair user",
        long_term_conditions: "diabetes; Chronic kidney disease ;COPD;chronic_pain",
        consent_to_text_reminders: "no",
        consent_to_email_reminders: "Yes",
      }),
      practices,
    );
    expect(checked).toEqual({
      ok: true,
      patient: {
        nhsNumber: "9990000018",
        givenName: "Amira",
        familyName: "Ahmed",
        dateOfBirth: "1956-03-14",
        sex: "FEMALE",
        phone: "+447700900123",
        email: "amira@example.com",
        preferredLanguage: "Somali",
        interpreterNeeded: true,
        accessibilityNeeds: "Wheelchair user",
        longTermConditions: ["DIABETES", "CHRONIC_KIDNEY_DISEASE", "COPD", "CHRONIC_PAIN"],
        consentToTextReminders: false,
        consentToEmailReminders: true,
        practiceId: PRACTICE_B,
      },
    });
  });

  it("fills optional columns with the form's defaults", () => {
    const checked = checkImportRow(row({}), practices);
    expect(checked.ok && checked.patient).toMatchObject({
      sex: "UNKNOWN",
      preferredLanguage: "English",
      interpreterNeeded: false,
      longTermConditions: [],
      consentToTextReminders: false,
      consentToEmailReminders: false,
    });
  });

  it.each([
    [{ nhs_number: "4857773456" }, "NHS number 4857773456 fails the check digit"],
    [{ nhs_number: "12345" }, "NHS number 12345 is not 10 digits"],
    [{ nhs_number: "0000000000" }, "NHS number 0000000000 is not an NHS number (it stands for one not known)"],
    [{ nhs_number: "943-476-5919" }, "NHS number 943-476-5919 has a dash in it: write it as 10 digits, with or without single spaces between groups"],
    [
      { nhs_number: "943\t476\t5919" },
      "NHS number 943 476 5919 has a tab in it: write it as 10 digits, with or without single spaces between groups",
    ],
    [
      { nhs_number: "9434765919\n" },
      "NHS number 9434765919 has a line break in it: write it as 10 digits, with or without single spaces between groups",
    ],
    [
      { nhs_number: "943  476 5919" },
      "NHS number 943 476 5919 has two spaces together in it: write it as 10 digits, with or without single spaces between groups",
    ],
    [{ nhs_number: "943.476.5919" }, "NHS number 943.476.5919 has “.” in it: write it as 10 digits, with or without single spaces between groups"],
    [{ nhs_number: "" }, "NHS number is missing"],
    [{ given_name: " " }, "given name is missing"],
    [{ family_name: "" }, "family name is missing"],
    [{ date_of_birth: "" }, "date of birth is missing"],
    [{ date_of_birth: "31/02/1980" }, "date of birth 31/02/1980 is not a real date as DD/MM/YYYY or YYYY-MM-DD"],
    [{ date_of_birth: "2999-01-01" }, "date of birth 2999-01-01: date of birth must be in the past"],
    [{ sex: "X" }, "sex “X” is not one of F, M, female, male, other, unknown"],
    [{ phone: "12345" }, "phone 12345 is not a UK phone number"],
    [{ email: "not-an-email" }, "email not-an-email is not an email address"],
    [{ practice_ods_code: "Y12345" }, "practice ODS code Y12345 is not one of your PCN's practices"],
    [{ practice_ods_code: "" }, "practice ODS code is missing"],
    [{ interpreter_needed: "maybe" }, "interpreter needed “maybe” should be yes or no"],
    [{ consent_to_text_reminders: "ok" }, "consent to text reminders “ok” should be yes or no"],
    [{ consent_to_email_reminders: "sometimes" }, "consent to email reminders “sometimes” should be yes or no"],
    [{ given_name: "x".repeat(101) }, "given name must be 100 characters or fewer"],
  ])("explains %j", (values, message) => {
    const checked = checkImportRow(row(values), practices);
    expect(checked).toEqual({ ok: false, problems: [message] });
  });

  it("names a condition not on the list", () => {
    const checked = checkImportRow(row({ long_term_conditions: "Diabetes;Gout" }), practices);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems[0]).toMatch(/^long-term condition “Gout” is not on the list \(Diabetes, COPD/);
  });

  it("lists every problem of a row, each once", () => {
    const checked = checkImportRow(row({ nhs_number: "4857773456", date_of_birth: "", practice_ods_code: "Y12345" }), practices);
    expect(checked).toEqual({
      ok: false,
      problems: [
        "NHS number 4857773456 fails the check digit",
        "date of birth is missing",
        "practice ODS code Y12345 is not one of your PCN's practices",
      ],
    });
  });
});

describe("checkImportRows", () => {
  it("separates good rows from problems, with row numbers in each message", () => {
    const rows = [
      row({ nhs_number: generateTestNhsNumber(501) }, 2),
      row({ nhs_number: "4857773456" }, 7),
      row({ nhs_number: generateTestNhsNumber(502), date_of_birth: "" }, 9),
      row({ nhs_number: generateTestNhsNumber(503), practice_ods_code: "Y12345" }, 12),
      row({ nhs_number: generateTestNhsNumber(504) }, 13),
    ];
    const result = checkImportRows(rows, practices);
    expect(result.valid.map((r) => r.rowNumber)).toEqual([2, 13]);
    expect(result.invalidRows).toBe(3);
    expect(result.problems.map((p) => p.message)).toEqual([
      "Row 7: NHS number 4857773456 fails the check digit",
      "Row 9: date of birth is missing",
      "Row 12: practice ODS code Y12345 is not one of your PCN's practices",
    ]);
  });

  it("refuses a second row for the same NHS number in one file", () => {
    const nhs = generateTestNhsNumber(510);
    const result = checkImportRows([row({ nhs_number: nhs }, 2), row({ nhs_number: nhs.replace(/^(\d{3})(\d{3})/, "$1 $2 ") }, 5)], practices);
    expect(result.valid).toHaveLength(1);
    expect(result.problems).toEqual([{ rowNumber: 5, message: `Row 5: NHS number 999 000 ${nhs.slice(6)} is already on row 2 of this file` }]);
  });

  it("checks 5,000 rows quickly enough for one request", () => {
    const rows = testNhsNumbers(100_000, 5000).map((nhs, i) => row({ nhs_number: nhs }, i + 2));
    const started = performance.now();
    const result = checkImportRows(rows, practices);
    expect(result.valid).toHaveLength(5000);
    // Generous: the machine running the tests may be busy.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});

describe("normaliseHeader", () => {
  it.each([
    ["NHS Number", "nhs_number"],
    ["  Date  of  Birth ", "date_of_birth"],
    ["practice-ods-code", "practice_ods_code"],
    ["\uFEFFnhs_number", "nhs_number"],
  ])("%j → %s", (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe("testNhsNumbers helper", () => {
  it("walks the same sequence as generateTestNhsNumber", () => {
    expect(testNhsNumbers(100_000, 25)).toEqual(Array.from({ length: 25 }, (_, i) => generateTestNhsNumber(100_000 + i)));
  });
});

describe("decodeCsvBytes", () => {
  it("reads UTF-8, and Windows-1252 from older spreadsheets", () => {
    expect(decodeCsvBytes(new TextEncoder().encode("Zoë,Dąbrowski"))).toBe("Zoë,Dąbrowski");
    expect(decodeCsvBytes(Uint8Array.from([0x5a, 0x6f, 0xeb]))).toBe("Zoë");
  });
});
