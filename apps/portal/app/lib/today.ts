/** Today's 'YYYY-MM-DD' in the viewer's zone on the client, UTC on the server. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
