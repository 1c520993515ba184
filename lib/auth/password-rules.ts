/** The password rule's limits and messages, without its dictionary, so forms in the browser can share them. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

export const PASSWORD_MESSAGES = {
  tooShort: `Passwords must be at least ${PASSWORD_MIN_LENGTH} characters`,
  tooLong: `Passwords must be at most ${PASSWORD_MAX_LENGTH} characters`,
  personal: "Do not use your name or email address in your password",
  common:
    "This password is too common or too easy to guess. Avoid well-known passwords, keyboard patterns, sequences and repeated characters: three or four unrelated words make a good password",
} as const;
