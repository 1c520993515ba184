/** What reception goes through on the preparation call before a clinic day, in the order of the call. Pure. */
export const PREPARATION_ITEMS = [
  ["formatExplained", "Explained the format of the day"],
  ["fastingAdvised", "Advised on fasting for blood tests"],
  ["bringMedicinesList", "Asked them to bring their medicines list"],
  ["interpreterArranged", "Interpreter arranged (if needed)"],
  ["accessNeedsNoted", "Access needs noted"],
] as const;
