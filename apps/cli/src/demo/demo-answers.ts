import { SURVEY_COMMENTS, type DemoLanguage } from './demo-catalog';
import type { DemoMood } from './demo-store.generator';
import { DemoRandom } from './demo-random';

export type SurveyKind = 'nps' | 'csat' | 'ces';

export interface SurveyAnswer {
  score: number;
  comment?: string;
}

/** Scores by mood: NPS 0-10, CSAT 1-5, CES 1-7 (higher = more effort). */
const SCORES: Readonly<Record<SurveyKind, Readonly<Record<DemoMood, ReadonlyArray<readonly [number, number]>>>>> = {
  nps: {
    promoter: [
      [9, 45],
      [10, 55],
    ],
    passive: [
      [7, 55],
      [8, 45],
    ],
    detractor: [
      [0, 4],
      [1, 4],
      [2, 8],
      [3, 12],
      [4, 14],
      [5, 22],
      [6, 36],
    ],
  },
  csat: {
    promoter: [
      [4, 40],
      [5, 60],
    ],
    passive: [
      [3, 60],
      [4, 40],
    ],
    detractor: [
      [1, 55],
      [2, 35],
      [3, 10],
    ],
  },
  ces: {
    promoter: [
      [1, 40],
      [2, 45],
      [3, 15],
    ],
    passive: [
      [3, 50],
      [4, 50],
    ],
    detractor: [
      [5, 40],
      [6, 40],
      [7, 20],
    ],
  },
};

/** How likely each mood is to leave a comment. */
const COMMENT_CHANCE: Readonly<Record<DemoMood, number>> = { promoter: 0.3, passive: 0.25, detractor: 0.55 };

/**
 * A customer's answer to one survey: the score from their mood, sometimes a comment in their
 * language. Pure: `random` decides.
 */
export function surveyAnswer(
  kind: SurveyKind,
  mood: DemoMood,
  language: DemoLanguage,
  random: DemoRandom,
): SurveyAnswer {
  const score = random.weighted(SCORES[kind][mood]);
  if (!random.chance(COMMENT_CHANCE[mood])) return { score };
  const sentiment = mood === 'promoter' ? 'good' : mood === 'passive' ? 'fair' : 'bad';
  return { score, comment: random.pick(SURVEY_COMMENTS[language][sentiment]) };
}

/** The kind of survey from the highest score its links offer (10: NPS, 7: CES, 5: CSAT). */
export function surveyKindFromScores(scores: readonly number[]): SurveyKind | null {
  const max = Math.max(...scores);
  if (max === 10) return 'nps';
  if (max === 7) return 'ces';
  if (max === 5) return 'csat';
  return null;
}
