/**
 * The built-in English catalogue: every fixed word a patient receives from the
 * app (the appointment reminder and the printed care-plan copy, standard and
 * easy read). Messages are ICU MessageFormat; `<b>…</b>` marks words shown in
 * bold. A catalogue file for another language (docs/features.md, "Patients in
 * their language") gives the same keys; the description tells its translator,
 * and staff, what each message is.
 *
 * A reminder says when and where, never why (docs/decisions/0006-reminder-outbox.md):
 * no clinic name, session kind, score or condition.
 */
export type EnglishMessage = { message: string; description: string };

export const ENGLISH = {
  "reminder.text": {
    message: "Hello {name}, this is a reminder of your appointment on {date} at {time} at {place}. To change or cancel it, contact {contact}.",
    description: "the appointment reminder (text message and email body)",
  },
  "reminder.subject": {
    message: "Your appointment on {date}",
    description: "the appointment reminder email's subject",
  },

  "carePlan.title": { message: "Your care and support plan", description: "the care plan copy's title" },
  "carePlan.draft": { message: "Draft: this plan is not final yet and may change.", description: "the care plan copy's draft warning" },
  "carePlan.for": {
    message: "For <b>{name}</b>, born {dateOfBirth}, NHS number {nhsNumber}. {practice}.",
    description: "the care plan copy's line naming the patient",
  },
  "carePlan.whatMatters.heading": { message: "What matters to you", description: "the care plan copy's heading “what matters”" },
  "carePlan.notWritten": { message: "We have not written this down yet.", description: "the care plan copy's note for a part not written yet" },
  "carePlan.goals.heading": { message: "Your goals", description: "the care plan copy's heading “goals”" },
  "carePlan.actions.heading": { message: "What we agreed to do", description: "the care plan copy's heading “actions”" },
  "carePlan.action.kind": {
    message:
      "{kind, select, MEDICAL {Your health} SOCIAL {Everyday life and people around you} MENTAL_HEALTH {How you feel} other {Looking after yourself}}",
    description: "the care plan copy's kind of each action",
  },
  "carePlan.action": {
    message: "{description}. <b>Who:</b> {who}. <b>By:</b> {byWhen}.",
    description: "the care plan copy's line for each action",
  },
  "carePlan.support.heading": { message: "Support for how you feel", description: "the care plan copy's heading “Talking Therapies”" },
  "carePlan.support.intro": {
    message: "You talked with the Talking Therapies team. Together we agreed {count, plural, one {this} other {these}}:",
    description: "the care plan copy's lead-in to the agreed Talking Therapies recommendations",
  },
  "carePlan.keyWorker.heading": { message: "Who keeps in touch with you", description: "the care plan copy's heading “key worker”" },
  "carePlan.keyWorker": {
    message:
      "{named, select, yes {Your key worker is <b>{name}</b>.} other {Your key worker is <b>not named yet</b>.}} They will be in touch with you between now and your next review, so you do not need to book a GP appointment for things that are not medical. You can also contact them through your practice.",
    description: "the care plan copy's paragraph about the key worker",
  },
  "carePlan.review.heading": { message: "Your next review", description: "the care plan copy's heading “next review”" },
  "carePlan.review.from": {
    message: "We will look at this plan again with you from <b>{date}</b>.",
    description: "the care plan copy's next review date",
  },
  "carePlan.review.booked": {
    message: "It is booked for the clinic on {date}. The clinic will phone you beforehand.",
    description: "the care plan copy's booked review clinic",
  },
  "carePlan.review.toBook": { message: "The clinic will contact you to book a day.", description: "the care plan copy's review not yet booked" },
  "carePlan.review.notSet": {
    message: "The date of your next review has not been set yet.",
    description: "the care plan copy's review date not set",
  },
  "carePlan.footer": {
    message:
      "Version {version}{agreed, select, yes {, agreed on {finalisedAt} with {finalisedBy}} other {}}. If anything here is wrong or you want to change it, tell your key worker or your practice.",
    description: "the care plan copy's footer (version and how to correct it)",
  },

  // Easy read: one idea a sentence, everyday words, large print.
  "easyRead.title": { message: "My care plan", description: "the easy-read care plan copy's title" },
  "easyRead.draft": { message: "This plan is not finished. It may change.", description: "the easy-read copy's draft warning" },
  "easyRead.for": { message: "This plan is for <b>{name}</b>.", description: "the easy-read copy's line naming the patient" },
  "easyRead.whatMatters.heading": { message: "What is important to me", description: "the easy-read copy's heading “what matters”" },
  "easyRead.notWritten": { message: "We have not written this yet.", description: "the easy-read copy's note for a part not written yet" },
  "easyRead.goals.heading": { message: "What I want to do", description: "the easy-read copy's heading “goals”" },
  "easyRead.actions.heading": { message: "What will happen", description: "the easy-read copy's heading “actions”" },
  "easyRead.action": {
    message: "{description}. <b>{who}</b> will do this. By {byWhen}.",
    description: "the easy-read copy's line for each action",
  },
  "easyRead.support.heading": { message: "Help with my feelings", description: "the easy-read copy's heading “Talking Therapies”" },
  "easyRead.support.intro": {
    message: "I talked to the Talking Therapies team. We agreed:",
    description: "the easy-read copy's Talking Therapies lead-in",
  },
  "easyRead.keyWorker.heading": { message: "Who helps me", description: "the easy-read copy's heading “key worker”" },
  "easyRead.keyWorker": {
    message:
      "{named, select, yes {My key worker is <b>{name}</b>. They will talk to me before my next check. I can ask my GP surgery to contact them.} other {I do not have a key worker yet.}}",
    description: "the easy-read copy's paragraph about the key worker",
  },
  "easyRead.review.heading": { message: "When we look at my plan again", description: "the easy-read copy's heading “next review”" },
  "easyRead.review.from": { message: "We will look at my plan again from <b>{date}</b>.", description: "the easy-read copy's next review date" },
  "easyRead.review.booked": {
    message: "My next clinic is on {date}. The clinic will phone me first.",
    description: "the easy-read copy's booked review clinic",
  },
  "easyRead.review.toBook": { message: "The clinic will phone me to choose a day.", description: "the easy-read copy's review not yet booked" },
  "easyRead.review.notSet": { message: "We have not chosen a date yet.", description: "the easy-read copy's review date not set" },
  "easyRead.footer": {
    message: "Is something wrong? Do you want to change something? Tell your key worker or your GP surgery.",
    description: "the easy-read copy's footer",
  },
} as const satisfies Record<string, EnglishMessage>;

export type MessageKey = keyof typeof ENGLISH;

export const MESSAGE_KEYS = Object.keys(ENGLISH) as MessageKey[];
