/**
 * The password rule (OWASP ASVS 6.2, NCSC password guidance): at least 12
 * characters, not a common or easily guessed password, not the person's own
 * name or email. No composition rules (they make passwords worse, not better).
 *
 * "Common" is judged by zxcvbn-ts against its list of ~49,000 leaked passwords
 * and its patterns (l33t spellings, keyboard walks, sequences, repeats, dates),
 * so "Password1234!" is refused as well as "password". Server-side only: the
 * dictionary is large and must stay out of the browser's bundle.
 */
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import { AppError } from "@/lib/errors/app-error";
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from "./password-rules";

export { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH };

/** zxcvbn's score 3 means about 10^8 or more guesses: out of reach of online guessing and slow for bcrypt offline. */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem = keyof typeof PASSWORD_MESSAGES;

export type PasswordCheck = { ok: true } | { ok: false; problem: PasswordProblem; message: string };

/** Who the password belongs to, so it cannot simply be their name or email. */
export type PasswordOwner = { name?: string | null; email?: string | null };

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
    maxLength: PASSWORD_MAX_LENGTH,
  });
  return estimator;
}

const normalise = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

/** The parts of a name and email a password must not be built on: the whole, and each word of four or more letters. */
function personalWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  const email = owner.email?.trim() ?? "";
  const local = email.split("@")[0] ?? "";
  for (const whole of [owner.name ?? "", local]) {
    const joined = normalise(whole);
    if (joined.length >= 4) words.add(joined);
    for (const part of whole.split(/[^\p{L}\p{N}]+/u)) {
      const word = normalise(part);
      if (word.length >= 4) words.add(word);
    }
  }
  return [...words];
}

/** Whether a password may be used by this person, and if not, a message saying why. */
export function checkPassword(password: string, owner: PasswordOwner = {}): PasswordCheck {
  const refuse = (problem: PasswordProblem): PasswordCheck => ({ ok: false, problem, message: PASSWORD_MESSAGES[problem] });
  // Counted in characters people see, not UTF-16 units.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return refuse("tooShort");
  if (length > PASSWORD_MAX_LENGTH) return refuse("tooLong");

  const words = personalWords(owner);
  // A password that is mostly the person's name or email (say "jenny.patel99") is refused outright;
  // a name inside a longer phrase is left to the estimator, which knows it as a user input.
  const flat = normalise(password);
  const rest = [...words].sort((a, b) => b.length - a.length).reduce((left, word) => left.replaceAll(word, ""), flat);
  if (rest.length < flat.length && rest.length < 6) return refuse("personal");

  const result = zxcvbn().check(password, [...words, owner.email?.trim().toLowerCase() ?? ""].filter(Boolean));
  if (result.score < PASSWORD_MIN_SCORE) {
    const personal = result.sequence.some((m) => m.pattern === "dictionary" && m.dictionaryName === "userInputs");
    return refuse(personal ? "personal" : "common");
  }
  return { ok: true };
}

/** For services: refuses a password the rule does not allow, naming the form field it came from. */
export function assertPasswordAllowed(password: string, owner: PasswordOwner, field = "password"): void {
  const check = checkPassword(password, owner);
  if (!check.ok) throw new AppError("VALIDATION", check.message, { fieldErrors: { [field]: check.message } });
}
