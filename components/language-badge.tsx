import { isEnglish, type PatientLanguage } from "@/lib/patients/language";

/**
 * The patient's language wherever staff meet them on a list: "Interpreter
 * needed: Polish" when they need one, the language alone when it is not
 * English, nothing otherwise. Plain words, so a screen reader says the same.
 */
export function LanguageBadge({ language, className = "" }: { language: PatientLanguage; className?: string }) {
  if (language.interpreterNeeded) {
    return (
      <span className={`inline-block rounded border border-black bg-nhs-warm-yellow px-1.5 text-sm font-semibold text-black ${className}`}>
        Interpreter needed: {language.preferredLanguage}
      </span>
    );
  }
  if (isEnglish(language.preferredLanguage)) return null;
  return (
    <span className={`inline-block rounded border border-slate-500 px-1.5 text-sm text-slate-800 ${className}`}>
      Language: {language.preferredLanguage}
    </span>
  );
}
