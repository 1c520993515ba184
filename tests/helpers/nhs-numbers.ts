import { generateTestNhsNumber, nhsCheckDigit } from "@/lib/nhs-number";

/**
 * `count` consecutive valid test NHS numbers starting at generateTestNhsNumber(fromSeq).
 * Walks the 999 range directly: generateTestNhsNumber recounts from zero on
 * every call, which takes seconds for thousands of large seqs.
 */
export function testNhsNumbers(fromSeq: number, count: number): string[] {
  const out: string[] = [];
  let body = Number(generateTestNhsNumber(fromSeq).slice(0, 9));
  while (out.length < count) {
    const nine = String(body);
    if (!nine.startsWith("999")) throw new RangeError("Ran out of test NHS numbers");
    const check = nhsCheckDigit(nine);
    if (check !== null) out.push(`${nine}${check}`);
    body++;
  }
  return out;
}
