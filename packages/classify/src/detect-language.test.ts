import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';
import { readJsonl } from './test-support/fixtures.js';

describe('detectLanguage', () => {
  it.each([
    [
      'en',
      'Russian Security Chief Shoigu Meets Kim Jong Un',
      "The head of Russia's Security Council met North Korean leader Kim Jong Un on Friday.",
    ],
    [
      'fr',
      'Le président en visite',
      'Le président de la République a rencontré les représentants des syndicats ce matin à Paris.',
    ],
    [
      'de',
      null,
      'Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen.',
    ],
    ['es', null, 'El gobierno anunció este martes un nuevo paquete de medidas para contener la inflación.'],
    ['ru', null, 'Глава Совета безопасности России Сергей Шойгу встретился с лидером КНДР Ким Чен Ыном.'],
    ['ur', null, 'روس کی سلامتی کونسل کے سربراہ نے شمالی کوریا کے رہنما سے ملاقات کی۔'],
    ['id', null, 'Pemerintah mengumumkan paket kebijakan baru untuk menahan laju inflasi pada hari Selasa.'],
    ['ja', null, '政府は火曜日、インフレを抑えるための新たな政策パッケージを発表した。'],
  ])('detects %s', (language, title, text) => {
    expect(detectLanguage(title, text).language).toBe(language);
  });

  it('answers null for text without letters', () => {
    expect(detectLanguage(null, '   ')).toEqual({ language: null, score: null, script: null });
    expect(detectLanguage(null, '1 2 3 4')).toEqual({ language: null, score: null, script: null });
  });

  // The targets: ≥ 0.97 on the langid sentences (32 languages) and on English BBC headlines.
  it('is right on at least 97 % of the langid sentences', () => {
    const rows = readJsonl<{ lang: string; text: string }>('langid/lingua-sentences-32.jsonl');
    const right = rows.filter((r) => detectLanguage(null, r.text).language === r.lang).length;
    const accuracy = right / rows.length;
    console.info(`langid sentences: accuracy ${accuracy.toFixed(4)} (n=${rows.length})`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  }, 60_000);

  it('is right on at least 97 % of English BBC headlines', () => {
    const rows = readJsonl<{ title: string }>('classification/bbc-news/dev.jsonl');
    const right = rows.filter((r) => detectLanguage(r.title, '').language === 'en').length;
    const accuracy = right / rows.length;
    console.info(`BBC headlines: accuracy ${accuracy.toFixed(4)} (n=${rows.length})`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  }, 60_000);
});

describe('script of languages written in more than one', () => {
  it('tells simplified from traditional Chinese, and Cyrillic from Latin Serbian', () => {
    expect(
      detectLanguage(null, '国务院总理今天在北京会见了来访的代表团，双方就经贸合作交换了意见。'),
    ).toMatchObject({
      language: 'zh',
      script: 'Hans',
    });
    expect(
      detectLanguage(null, '國務院總理今天在台北會見了來訪的代表團，雙方就經貿合作交換了意見。'),
    ).toMatchObject({
      language: 'zh',
      script: 'Hant',
    });
    expect(
      detectLanguage(
        null,
        'Влада Србије усвојила је данас нови закон о медијима после дуге расправе у скупштини.',
      ),
    ).toMatchObject({ language: 'sr', script: 'Cyrl' });
  });

  it('says nothing for languages with one script', () => {
    expect(
      detectLanguage(null, 'The government adopted a new media law after a long debate.').script,
    ).toBeNull();
    expect(
      detectLanguage(null, 'Правительство приняло новый закон о СМИ после долгих дебатов.').script,
    ).toBeNull();
  });
});
