import { surveyAnswer, surveyKindFromScores } from './demo-answers';
import { DemoRandom } from './demo-random';

describe('demo survey answers', () => {
  it('scores within each survey scale, by mood', () => {
    const random = new DemoRandom(3);
    for (let i = 0; i < 500; i++) {
      expect(surveyAnswer('nps', 'promoter', 'es', random).score).toBeGreaterThanOrEqual(9);
      const passive = surveyAnswer('nps', 'passive', 'en', random).score;
      expect([7, 8]).toContain(passive);
      expect(surveyAnswer('nps', 'detractor', 'pt', random).score).toBeLessThanOrEqual(6);
      const csat = surveyAnswer('csat', 'detractor', 'es', random).score;
      expect(csat).toBeGreaterThanOrEqual(1);
      expect(csat).toBeLessThanOrEqual(3);
      const ces = surveyAnswer('ces', 'promoter', 'en', random).score;
      expect(ces).toBeGreaterThanOrEqual(1);
      expect(ces).toBeLessThanOrEqual(3);
    }
  });

  it('comments sometimes, in the customer language, more often when unhappy', () => {
    const random = new DemoRandom(9);
    const answers = (mood: 'promoter' | 'detractor') =>
      Array.from({ length: 1000 }, () => surveyAnswer('nps', mood, 'pt', random));
    const happy = answers('promoter').filter((a) => a.comment).length;
    const unhappy = answers('detractor').filter((a) => a.comment);
    expect(happy).toBeGreaterThan(100);
    expect(unhappy.length).toBeGreaterThan(happy);
    expect(unhappy.map((a) => a.comment)).toContain('Não funciona como esperado');
  });

  it('is the same for the same seed', () => {
    const run = (seed: number) =>
      Array.from({ length: 50 }, (_, i) =>
        surveyAnswer('nps', i % 2 ? 'promoter' : 'detractor', 'es', new DemoRandom(seed + i)),
      );
    expect(run(11)).toEqual(run(11));
  });

  it('tells the survey kind from the scores its links offer', () => {
    expect(surveyKindFromScores([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe('nps');
    expect(surveyKindFromScores([1, 2, 3, 4, 5])).toBe('csat');
    expect(surveyKindFromScores([1, 2, 3, 4, 5, 6, 7])).toBe('ces');
    expect(surveyKindFromScores([1, 2, 3])).toBeNull();
  });
});
