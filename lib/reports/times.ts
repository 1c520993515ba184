/** The visit times the clinic report measures, with the words and definitions shown beside the figures. Pure. */
export const TIME_MEASURES = ["arrivalToLeaving", "waitMorning", "waitTalkingTherapies", "waitGp"] as const;
export type TimeMeasure = (typeof TIME_MEASURES)[number];

export const TIME_LABELS: Record<TimeMeasure, string> = {
  arrivalToLeaving: "Arrival to leaving",
  waitMorning: "Waiting for the wrap-around check",
  waitTalkingTherapies: "Waiting for Talking Therapies",
  waitGp: "Waiting for the GP",
};

/** How each time is measured; shown beside the figures. */
export const TIME_DEFINITIONS: Record<TimeMeasure, string> = {
  arrivalToLeaving: "From check-in to the end of the patient's last appointment that day (visits that finished at least one).",
  waitMorning: "From check-in, or the appointment time if later, to the first wrap-around check or PHQ-4 recorded.",
  waitTalkingTherapies: "From the end of the morning, or the appointment time if later, to being called in.",
  waitGp: "From the end of Talking Therapies (or of the morning), or the appointment time if later, to being called in.",
};
