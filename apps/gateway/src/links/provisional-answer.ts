/**
 * A survey score seen only through a GET of a score link. Mail scanners and link previews fetch
 * links, so such a score is provisional: it becomes the answer after the settle window unless the
 * customer confirms (POST) first, and never when the GETs came as a burst of different scores
 * within seconds (a scanner walking every link), which counts for nothing until a POST. Pure.
 */
export interface ProvisionalAnswer {
  score: number;
  /** Several different scores arrived within the burst window: never settles on its own. */
  burst: boolean;
  hits: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** When the score becomes the answer if nothing else happens (ignored while `burst`). */
  settleAt: Date;
}

export interface SurveyTiming {
  /** SURVEY_SETTLE_MINUTES in ms. */
  settleMs: number;
  /** SURVEY_BURST_SECONDS in ms. */
  burstMs: number;
}

/** The provisional answer after a GET of the link for `score` at `now`. */
export function nextProvisional(
  previous: ProvisionalAnswer | null,
  score: number,
  now: Date,
  timing: SurveyTiming,
): ProvisionalAnswer {
  const fresh: ProvisionalAnswer = {
    score,
    burst: false,
    hits: 1,
    firstSeenAt: now,
    lastSeenAt: now,
    settleAt: new Date(now.getTime() + timing.settleMs),
  };
  if (!previous) return fresh;
  const seen = { hits: previous.hits + 1, lastSeenAt: now };
  const gap = now.getTime() - previous.lastSeenAt.getTime();
  if (gap <= timing.burstMs) {
    // Within seconds of the last hit: another score makes (or keeps) it a burst; the same score
    // again (a reload, a HEAD then a GET) changes nothing.
    if (previous.burst || score !== previous.score) return { ...previous, ...seen, score, burst: true };
    return { ...previous, ...seen };
  }
  // A calm, later visit: the same score keeps its clock; a new score (or the first score after a
  // burst) starts a clock of its own.
  if (!previous.burst && score === previous.score) return { ...previous, ...seen };
  return fresh;
}

/** Whether the provisional answer has become the answer at `now`. */
export function hasSettled(answer: Pick<ProvisionalAnswer, 'burst' | 'settleAt'>, now: Date): boolean {
  return !answer.burst && answer.settleAt.getTime() <= now.getTime();
}
