/** A `%term%` ILIKE pattern with the LIKE metacharacters of `term` escaped (escape char `\`). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
