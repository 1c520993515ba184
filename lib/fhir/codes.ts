/**
 * Code systems, identifier systems and profiles the FHIR export uses, from
 * shared/DOMAIN.md, in one place so a correction is one edit.
 */
export const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
export const ODS_ORGANISATION_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";
export const LOINC_SYSTEM = "http://loinc.org";
export const SNOMED_SYSTEM = "http://snomed.info/sct";
export const OBSERVATION_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
/** LOINC publishes its forms as FHIR Questionnaires under this canonical base. */
export const PHQ4_QUESTIONNAIRE = "http://loinc.org/q/69724-3";

const UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-";
export type UkCoreResource =
  "Patient" | "Appointment" | "Slot" | "Encounter" | "QuestionnaireResponse" | "Observation" | "ServiceRequest" | "CarePlan" | "Organization";

export function ukCoreProfile(resource: UkCoreResource): string {
  return `${UK_CORE}${resource}`;
}
