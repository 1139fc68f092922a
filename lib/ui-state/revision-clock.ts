// Client revisions for session saves: strictly increasing within a tab and roughly ordered by wall
// time across tabs and devices (milliseconds × 1000 plus a per-tab salt), so the database can refuse
// any save older than the one it holds. Fits in a JavaScript safe integer until the year 2255.
export interface RevisionClock {
  next: () => number;
  /** Moves past a revision seen elsewhere (the stored one), so the next save is newer than it. */
  observe: (revision: number) => void;
  readonly last: number;
}

export function createRevisionClock(start = 0, now: () => number = Date.now): RevisionClock {
  let last = start;
  const salt = Math.floor(Math.random() * 1000);
  return {
    next() {
      last = Math.max(last + 1, now() * 1000 + salt);
      return last;
    },
    observe(revision) {
      if (revision > last) last = revision;
    },
    get last() {
      return last;
    },
  };
}
