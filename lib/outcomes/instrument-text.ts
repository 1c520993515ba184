/**
 * An instrument version's items, answer options and bands as a clinic lead
 * types them, one per line, read into the shape instrumentVersionSchema checks:
 *
 * - items: the wording, a line ending in "[risk]" marks a risk item (any answer
 *   above 0 needs a risk response, like PHQ-9 item 9);
 * - options: "0 = Not at all" (the value, then the label);
 * - bands: "0-4 = Minimal" (the totals from and to, inclusive, then the label).
 *
 * Blank lines are ignored. A line that cannot be read is named by its number.
 */
import type { InstrumentBand, InstrumentItem, InstrumentOption } from "./instruments";

export const RISK_MARKER = "[risk]";

export type InstrumentLines = { items: string; options: string; bands: string };

export type ParsedInstrumentLines = {
  items: InstrumentItem[];
  options: InstrumentOption[];
  bands: InstrumentBand[];
  /** Field ("items", "options", "bands") → what to fix; empty when every line was read. */
  errors: Partial<Record<keyof InstrumentLines, string>>;
};

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== "");

export function parseInstrumentLines(input: InstrumentLines): ParsedInstrumentLines {
  const errors: ParsedInstrumentLines["errors"] = {};

  const items = linesOf(input.items).map(({ line }) => {
    const risk = line.toLowerCase().endsWith(RISK_MARKER);
    return { text: risk ? line.slice(0, -RISK_MARKER.length).trim() : line, risk };
  });

  const options: InstrumentOption[] = [];
  for (const { line, number } of linesOf(input.options)) {
    const match = /^(\d{1,3})\s*=\s*(.+)$/.exec(line);
    if (!match) {
      errors.options ??= `Answer option line ${number} must be a value, "=" and its label, for example 0 = Not at all`;
      continue;
    }
    options.push({ value: Number(match[1]), label: match[2].trim() });
  }

  const bands: InstrumentBand[] = [];
  for (const { line, number } of linesOf(input.bands)) {
    const match = /^(\d{1,4})\s*[-–]\s*(\d{1,4})\s*=\s*(.+)$/.exec(line);
    if (!match) {
      errors.bands ??= `Band line ${number} must be the totals from and to, "=" and its label, for example 0-4 = Minimal`;
      continue;
    }
    bands.push({ from: Number(match[1]), to: Number(match[2]), label: match[3].trim() });
  }

  return { items, options, bands, errors };
}

/** The same lines back from a stored version, for showing it. */
export function instrumentLines(v: { items: InstrumentItem[]; options: InstrumentOption[]; bands: InstrumentBand[] }): InstrumentLines {
  return {
    items: v.items.map((i) => (i.risk ? `${i.text} ${RISK_MARKER}` : i.text)).join("\n"),
    options: v.options.map((o) => `${o.value} = ${o.label}`).join("\n"),
    bands: v.bands.map((b) => `${b.from}-${b.to} = ${b.label}`).join("\n"),
  };
}
