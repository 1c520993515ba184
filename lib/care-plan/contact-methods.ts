/** How a key worker contacted a patient, and the words for it. Pure. */
export const CONTACT_METHODS = ["PHONE", "VISIT", "MESSAGE"] as const;
export const CONTACT_METHOD_LABELS: Record<(typeof CONTACT_METHODS)[number], string> = { PHONE: "Phone call", VISIT: "Visit", MESSAGE: "Message" };
