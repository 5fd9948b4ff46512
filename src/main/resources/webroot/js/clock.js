// The service's idea of now. Every figure carries the instant it was computed for ("at"); "12 s ago",
// the on-pace mark and "today" are worked out against that clock, not the screen's, so a wall screen
// whose clock is off (or a demo whose clock runs fast) still shows the right things.
let offset = 0;

/** Learn the service's time from a figures object's "at". */
export function observeServerTime(iso) {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) offset = t - Date.now();
}

/** Now, in milliseconds, on the service's clock (best estimate). */
export function serverNow() {
  return Date.now() + offset;
}
