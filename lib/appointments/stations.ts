/**
 * A morning slot's station: the slot's column on the clinic day (0-based in the
 * database, numbered from 1 for people), named after who works it when
 * someone is rostered to that column.
 */
export function stationLabel(column: number, staffName: string | null | undefined): string {
  return staffName ? `Station ${column + 1} (${staffName})` : `Station ${column + 1}`;
}
