import { describe, expect, it } from "vitest";
import { checkPassword, PASSWORD_MESSAGES } from "./password-policy";

const owner = { name: "Jenny Patel", email: "jenny.patel@example.nhs.uk" };

describe("password policy", () => {
  it("accepts long passphrases and random strings", () => {
    for (const password of ["Riverside-Blue-Kettle-42", "correct horse battery staple", "Tr0ub4dor&3x!", "clinic-day-demo", "q7#Lm2!vX9pz"]) {
      expect(checkPassword(password, owner), password).toEqual({ ok: true });
    }
  });

  it("refuses anything under 12 characters, counting characters as people see them", () => {
    expect(checkPassword("k3ttle-Blue", owner)).toEqual({ ok: false, problem: "tooShort", message: PASSWORD_MESSAGES.tooShort });
    expect(checkPassword("", owner)).toMatchObject({ problem: "tooShort" });
    // Eleven emoji are 22 UTF-16 units but still 11 characters.
    expect(checkPassword("🔑".repeat(11))).toMatchObject({ problem: "tooShort" });
  });

  it("refuses very long input before estimating it", () => {
    expect(checkPassword("x".repeat(201))).toMatchObject({ problem: "tooLong" });
  });

  it("refuses common passwords and their usual variations", () => {
    for (const password of [
      "password1234",
      "Password1234!",
      "qwertyuiop123",
      "123456789012",
      "iloveyou2024",
      "letmein12345",
      "welcome12345",
      "aaaaaaaaaaaa",
      "abcdefghijkl",
      "P@ssw0rd1234",
    ]) {
      expect(checkPassword(password, owner), password).toEqual({ ok: false, problem: "common", message: PASSWORD_MESSAGES.common });
    }
  });

  it("refuses the person's own name or email, however it is spelt", () => {
    for (const password of ["jenny.patel@example.nhs.uk", "JennyPatel2024", "jenny.patel99", "Patel-Patel-Patel"]) {
      expect(checkPassword(password, owner), password).toMatchObject({ ok: false, problem: "personal", message: PASSWORD_MESSAGES.personal });
    }
    // The same strings are fine for someone else.
    expect(checkPassword("JennyPatel2024", { name: "Sam Okoro", email: "sam.okoro@example.nhs.uk" })).toEqual({ ok: true });
  });

  it("ignores short name parts, which would refuse too much", () => {
    expect(checkPassword("Riverside-Blue-Kettle-42", { name: "Al Li", email: "al@example.nhs.uk" })).toEqual({ ok: true });
  });
});
