import { describe, expect, it } from 'vitest';
import { Deduplicator } from './deduplicator.js';
import { MemoryDedupIndex, MemoryHostChrome } from './memory-dedup-index.js';
import { textFeatures, tokenize } from './text-features.js';

// A Chinese news story (written for this test) in four paragraphs, a copy of it another site
// edited (a few characters changed, a sentence added), and an unrelated story.
const STORY = [
  '国家气象局周二发布暴雨橙色预警，预计未来三天南方多个省份将出现强降雨天气，部分地区可能引发山洪和城市内涝。',
  '气象专家表示，今年汛期降雨偏多，各地应提前做好防汛准备，及时转移低洼地区的群众，确保人民生命财产安全。',
  '据了解，受强降雨影响，多条高速公路已经实施交通管制，铁路部门也暂停了部分列车的运行，旅客出行前请关注最新信息。',
  '应急管理部已派出工作组赶赴灾区，指导地方开展抢险救灾工作，并调拨帐篷、棉被等救灾物资支援受灾地区。',
].join('\n');
const EDITED = [
  '国家气象局星期二发布暴雨橙色预警，预计未来三天南方多个省份将出现强降雨天气，部分地区可能引发山洪与城市内涝。',
  '气象专家表示，今年汛期降雨偏多，各地应提前做好防汛准备，及时转移低洼地区的群众，确保人民生命财产安全。',
  '据了解，受强降雨影响，多条高速公路已经实施交通管制，铁路部门也暂停了部分列车的运行，旅客出行前请关注最新消息。',
  '应急管理部已派出工作组赶赴灾区，指导地方开展抢险救灾工作，并调拨帐篷、棉被等救灾物资支援受灾地区。本报记者报道。',
].join('\n');
const OTHER = [
  '国家统计局今天公布的数据显示，上个月全国居民消费价格同比上涨百分之零点五，涨幅比前一个月有所回落。',
  '分析人士认为，食品价格下降是物价涨幅回落的主要原因，预计未来几个月物价将保持总体稳定。',
  '与此同时，工业生产者出厂价格继续下降，反映出国内需求仍然不足，政府可能会推出更多刺激消费的政策措施。',
].join('\n');

describe('dedup of scripts written without spaces', () => {
  it('reads each Chinese character as a word, so a paragraph is shingled', () => {
    expect(tokenize('暴雨预警, rain warning')).toEqual(['暴', '雨', '预', '警', 'rain', 'warning']);
    expect(textFeatures(STORY).words).toBeGreaterThan(150);
  });

  it('finds an edited copy of a Chinese story as a near-duplicate, and not an unrelated story', async () => {
    const dedup = new Deduplicator(new MemoryDedupIndex(), new MemoryHostChrome());
    await dedup.dedup({ id: 'a', text: STORY, urls: ['https://one.example/a'] });
    const copy = await dedup.dedup({ id: 'b', text: EDITED, urls: ['https://two.example/b'] });
    expect(copy).toMatchObject({ duplicateOf: 'a', matchedBy: 'near', clusterId: 'a' });
    const other = await dedup.dedup({ id: 'c', text: OTHER, urls: ['https://two.example/c'] });
    expect(other.duplicateOf).toBeNull();
  });
});
