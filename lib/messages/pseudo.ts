/**
 * A pseudo-locale for tests: every English message with its letters accented
 * and the whole bracketed, "⟦Ŷöûŕ çåŕé…⟧", placeholders and markup untouched.
 * Words the app shows that did not come through the catalogue stay plain
 * English, so a test can see them. It is not a language and never shipped as a
 * catalogue: tests write it to a catalogue folder of their own.
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { printAST } from "@formatjs/icu-messageformat-parser/printer.js";
import { ENGLISH, MESSAGE_KEYS, type MessageKey } from "./english";

export const PSEUDO_LOCALE = "en-XA";

const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c, i) => [c, [..."åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"][i]]),
);

export function accent(text: string): string {
  return [...text].map((c) => ACCENTED[c] ?? c).join("");
}

function pseudoElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: accent(el.value) };
    if (el.type === TYPE.tag) return { ...el, children: pseudoElements(el.children) };
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      return { ...el, options: Object.fromEntries(Object.entries(el.options).map(([k, o]) => [k, { ...o, value: pseudoElements(o.value) }])) };
    }
    return el;
  }) as MessageFormatElement[];
}

export function pseudoMessage(message: string): string {
  return `⟦${printAST(pseudoElements(parse(message)))}⟧`;
}

/** The pseudo-locale's catalogue file contents, less any keys named in `without`. */
export function pseudoCatalogueFile(without: readonly MessageKey[] = []): Record<string, string> {
  return Object.fromEntries(MESSAGE_KEYS.filter((k) => !without.includes(k)).map((k) => [k, pseudoMessage(ENGLISH[k].message)]));
}
