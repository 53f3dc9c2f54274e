import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.js';

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
  ])('detects %s', (language, title, text) => {
    expect(detectLanguage(title, text).language).toBe(language);
  });

  it('answers null for empty text', () => {
    expect(detectLanguage(null, '   ')).toEqual({ language: null, score: null });
  });
});
