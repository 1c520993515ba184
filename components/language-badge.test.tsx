import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LanguageBadge } from "./language-badge";

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the language badge on staff lists", () => {
  it("says an interpreter is needed and for which language", () => {
    expect(text(renderToStaticMarkup(<LanguageBadge language={{ preferredLanguage: "Polish", interpreterNeeded: true }} />))).toBe(
      "Interpreter needed: Polish",
    );
    expect(text(renderToStaticMarkup(<LanguageBadge language={{ preferredLanguage: "English", interpreterNeeded: true }} />))).toBe(
      "Interpreter needed: English",
    );
  });
  it("names a language other than English without an interpreter, and shows nothing for English", () => {
    expect(text(renderToStaticMarkup(<LanguageBadge language={{ preferredLanguage: "Urdu", interpreterNeeded: false }} />))).toBe("Language: Urdu");
    expect(renderToStaticMarkup(<LanguageBadge language={{ preferredLanguage: "English", interpreterNeeded: false }} />)).toBe("");
  });
});
