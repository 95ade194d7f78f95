import Handlebars from 'handlebars';
import { compileOptions, createHandlebarsEnvironment } from './handlebars-environment';

describe('handlebars environment', () => {
  it('compiles strictly, with only known helpers, escaping HTML', () => {
    expect(compileOptions('html')).toMatchObject({ strict: true, knownHelpersOnly: true, noEscape: false });
    expect(compileOptions('text')).toMatchObject({ strict: true, knownHelpersOnly: true, noEscape: true });
    const options: Record<string, unknown> = { ...compileOptions('html') };
    expect(options.allowProtoPropertiesByDefault).toBeUndefined();
    expect(options.allowProtoMethodsByDefault).toBeUndefined();
  });

  it('is private: nothing registered on the global Handlebars leaks in', () => {
    Handlebars.registerPartial('leak', 'leaked');
    try {
      const env = createHandlebarsEnvironment();
      expect(env).not.toBe(Handlebars);
      expect(env.partials.leak).toBeUndefined();
      expect(env.helpers.log).toBeUndefined();
    } finally {
      Handlebars.unregisterPartial('leak');
    }
  });
});
