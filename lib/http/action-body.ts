/**
 * Whether a server action's body is one React could have sent. Next.js hands
 * the body to React's decoder, which answers anything else (an unfinished
 * array, an empty body, thousands of nested arrays) by throwing, and the
 * request ends as a 500 with a digest in the logs. The proxy refuses such
 * bodies first with a 400. No form or argument of this app nests anywhere
 * near MAX_ACTION_NESTING deep.
 */

export const MAX_ACTION_NESTING = 64;

/**
 * React's references to another part of a multipart body (an outlined value,
 * a Map, Set, promise, form, blob, stream, typed array or server reference,
 * each "$" + a letter + the part's hex id). A text body has no other parts, so
 * such a reference there can only be forged, and React fails on it (a Map
 * built from "$Q0", the body itself, throws). A person's "$" is sent as "$$".
 */
const PART_REFERENCE = /^\$[@FQWKiBRrXxAOoUSsLlGgMmV]?[0-9a-f]+$/;

/**
 * What is wrong with a parsed JSON value, walked without recursion (so depth
 * cannot overflow the stack): nesting beyond `limit`, or, when `partless`, a
 * reference to a part the body does not have.
 */
function valueProblem(value: unknown, limit: number, partless: boolean): string | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "string" && partless && PART_REFERENCE.test(current)) return "a reference to a part it does not have";
    if (current === null || typeof current !== "object") continue;
    if (depth > limit) return `nested more than ${limit} deep`;
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, depth + 1]);
  }
  return null;
}

function jsonProblem(text: string, partless: boolean): { problem: string } | { value: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "not JSON" };
  }
  const problem = valueProblem(value, MAX_ACTION_NESTING, partless);
  return problem ? { problem } : { value };
}

/** Why a text body (the arguments as one JSON array) is not an action call, or null. */
export function textActionProblem(body: string): string | null {
  if (body.trim() === "") return "empty";
  const parsed = jsonProblem(body, true);
  if ("problem" in parsed) return parsed.problem;
  return Array.isArray(parsed.value) ? null : "not a list of arguments";
}

/** Why a form body (arguments in field "0", further models in numbered fields, form fields prefixed) is not an action call, or null. */
export function formActionProblem(form: FormData): string | null {
  const root = form.get("0");
  if (typeof root !== "string") return "a form without its arguments";
  for (const [name, value] of form.entries()) {
    if (!/^\d+$/.test(name) || typeof value !== "string") continue;
    const parsed = jsonProblem(value, false);
    if ("problem" in parsed) return parsed.problem;
  }
  return null;
}
