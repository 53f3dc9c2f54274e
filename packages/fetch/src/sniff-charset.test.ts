import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.js';

// News sentences (not from any fixture) encoded with Python's codecs, stored as base64 because
// Node cannot encode legacy charsets. No label anywhere: the bytes alone must tell.
describe('decodeText sniffing unlabelled legacy charsets', () => {
  it.each([
    [
      'windows-1251',
      'Президент заявил, что правительство рассмотрит новые меры поддержки экономики.',
      'z/Dl5+jk5e3yIOfg/+Lo6ywg9/LuIO/w4OLo8uXr/PHy4u4g8ODx8ezu8vDo8iDt7uL75SDs5fD7IO/u5OTl8Obq6CD96u7t7uzo6ugu',
    ],
    [
      'koi8-r',
      'Президент заявил, что правительство рассмотрит новые меры поддержки экономики.',
      '8NLF2snExc7UINrB0dfJzCwg3tTPINDSwdfJ1MXM2NPU188g0sHT083P1NLJ1CDOz9fZxSDNxdLZINDPxMTF0tbLySDcy8/Oz83Jy8ku',
    ],
    [
      'shift_jis',
      '政府は来年度の予算案について、経済対策を中心に議論を進めると発表しました。',
      'kK2Ve4LNl4iUTpN4gsyXXI5aiMSCyYLCgqKCxIFBjG+Nz5HOjfSC8JKGkFOCyYtjmF+C8JBpgt+C6YLGlK2VXIK1gtyCtYK9gUI=',
    ],
    [
      'euc-jp',
      '政府は来年度の予算案について、経済対策を中心に議論を進めると発表しました。',
      'wK/J3KTPzejHr8XZpM7Nvbu7sMaky6TEpKSkxqGit9C60cLQuvak8sPmv7Sky7XEz8Ck8r/KpOGk66TIyK/JvaS3pN6kt6S/oaM=',
    ],
    [
      'big5',
      '政府表示將在未來幾個月內推出新的經濟支持措施，以應對當前的挑戰。',
      'rEapsqrtpdyxTqZipbyo07RYrdOk66S6scClWLdzqrq4Z8DZpOSr+bG5rEmhQaVIwLO577ftq2WquqxEvtShQw==',
    ],
    [
      'gb18030',
      '政府表示将在未来几个月内推出新的经济支持措施，以应对当前的挑战。',
      '1f64rrHtyr69q9TazrTAtLy4uPbUwsTazcaz9tDCtcS+rbzD1qez1rTryqmjrNLU06a21LWxx7C1xMz01b2how==',
    ],
    [
      'euc-kr',
      '정부는 내년도 예산안에 대해 경제 대책을 중심으로 논의를 진행한다고 발표했습니다.',
      'waS6zrTCILO7s+K1tSC/ubvqvsi/oSC068fYILDmwaYgtOvDpcC7IMHfvcnAuLfOILPtwMe4piDB+Mfgx9G02bDtILnfx6XH373AtM+02S4=',
    ],
    [
      'windows-1255',
      'הממשלה הודיעה כי תבחן צעדים חדשים לתמיכה בכלכלה בחודשים הקרובים.',
      '5O7u+ezkIOTl4+ny5CDr6SD64efvIPby4+ntIOfj+entIOz67unr5CDh6+zr7OQg4efl4/np7SDk9/jl4entLg==',
    ],
    [
      'iso-8859-7',
      'Η κυβέρνηση ανακοίνωσε ότι θα εξετάσει νέα μέτρα στήριξης της οικονομίας.',
      'xyDq9eLd8e3n8+cg4e3h6u/f7fnz5SD89Okg6OEg5e7l9Nzz5ekg7d3hIOzd9PHhIPP03vHp7ufyIPTn8iDv6erv7e/s3+HyLg==',
    ],
    [
      'windows-1252',
      'Le gouvernement a annoncé qu’il étudiera de nouvelles mesures économiques.',
      'TGUgZ291dmVybmVtZW50IGEgYW5ub25j6SBxdZJpbCDpdHVkaWVyYSBkZSBub3V2ZWxsZXMgbWVzdXJlcyDpY29ub21pcXVlcy4=',
    ],
  ])('%s', (charset, sentence, base64) => {
    const body = new Uint8Array(Buffer.from(base64, 'base64'));
    expect(decodeText(body)).toEqual({ text: sentence, encoding: charset });
  });

  it('keeps valid UTF-8 as UTF-8', () => {
    expect(decodeText(new Uint8Array(Buffer.from('Привет, 世界', 'utf8'))).encoding).toBe('utf-8');
  });
});
