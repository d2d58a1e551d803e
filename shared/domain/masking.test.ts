import { describe, expect, it } from 'vitest';
import { maskSensitive, normaliseForMatching, passesLuhn } from './masking';

const masked = (text: string) => maskSensitive(text).text;
const kinds = (text: string) => maskSensitive(text).spans.map((s) => s.kind);

describe('passesLuhn', () => {
  it.each([
    // 4111111111111111: from the right, the 8 undoubled ones add 8, the 7 doubled ones 14 and
    // the leading 4 (doubled) 8: 30, a multiple of 10.
    ['4111111111111111', true],
    // The same with a last 2: 31.
    ['4111111111111112', false],
    // 6222020000000007: doubled 6→12→3, 2→4, the 2 at position 11 from the right undoubled;
    // 3 + 2 + 4 + 2 + 2 = 13, so the check digit 7 makes 20.
    ['6222020000000007', true],
    // 6222 0200 0000 0000 000 (19 digits): 6 + 4 + 2 + 4 + 4 = 20, check digit 0.
    ['6222020000000000000', true],
    // 2026110100420001: undoubled 1+0+2+0+1+1+6+0 = 11, doubled 0+0+8+0+0+2+4+4 = 18: 29.
    ['2026110100420001', false],
  ])('%s → %s', (digits, valid) => {
    expect(passesLuhn(digits)).toBe(valid);
  });
});

describe('normaliseForMatching', () => {
  it('folds full-width characters one for one, so offsets stay those of the original', () => {
    const original = '电话：１３８－１２３４　５６７８（ｔｏｍ＠ｘ．ｃｏｍ）';
    const norm = normaliseForMatching(original);
    expect(norm).toBe('电话:138-1234 5678(tom@x.com)');
    expect(norm.length).toBe(original.length);
  });
});

describe('maskSensitive: phone numbers', () => {
  it.each([
    // Chinese mobiles keep the first 3 and the last 4 of their 11 digits.
    ['我的电话13812345678', '我的电话138****5678'],
    ['电话 138 1234 5678 谢谢', '电话 138 **** 5678 谢谢'],
    ['手机：139-1234-5678。', '手机：139-****-5678。'],
    ['+86 138-1234-5678', '+86 138-****-5678'],
    ['0086 13812345678', '0086 138****5678'],
    ['(+86)15912345678', '(+86)159****5678'],
    // Landlines: every digit but the last 4.
    ['座机010-12345678', '座机***-****5678'],
    ['(021)1234-5678', '(***)****-5678'],
    ['0755 1234567', '**** ***4567'],
    // en: the country code stays.
    ['Call me at (555) 123-4567.', 'Call me at (***) ***-4567.'],
    ['+1 555 123 4567', '+1 *** *** 4567'],
    ['my cell is 555-123-4567 thanks', 'my cell is ***-***-4567 thanks'],
    ['+44 20 7946 0958', '+44 ** **** 0958'],
    ['ring 020 7946 0958 after 6', 'ring *** **** 0958 after 6'],
  ])('%s', (text, expected) => {
    expect(masked(text)).toBe(expected);
    expect(kinds(text)).toEqual(['phone']);
  });

  it('gives the masked stretch as offsets into the original text', () => {
    // 我的电话 is 4 characters; the number runs from 4 to 4 + 11 = 15.
    expect(maskSensitive('我的电话13812345678呀').spans).toEqual([
      { start: 4, end: 15, kind: 'phone' },
    ]);
  });

  it('matches full-width digits and masks the original characters, keeping the rest as typed', () => {
    expect(masked('电话：１３８１２３４５６７８')).toBe('电话：１３８****５６７８');
    expect(masked('电话：１３８－１２３４－５６７８')).toBe('电话：１３８－****－５６７８');
    expect(masked('（０２１）１２３４－５６７８')).toBe('（***）****－５６７８');
  });
});

describe('maskSensitive: ID and bank card numbers', () => {
  it.each([
    ['身份证110105199003071234', '身份证**************1234', 'id_card'],
    ['身份证号 11010519900307123X 没错', '身份证号 **************123X 没错', 'id_card'],
    // The old 15-digit numbers (born 1990-03-07).
    ['旧身份证 110105900307123', '旧身份证 ***********7123', 'id_card'],
    ['卡号4111 1111 1111 1111', '卡号**** **** **** 1111', 'bank_card'],
    ['card 4111-1111-1111-1111 ok', 'card ****-****-****-1111 ok', 'bank_card'],
    ['6222020000000007', '************0007', 'bank_card'],
    // 19 digits, the last group of 3: the last 4 digits are the 0 before it and 000.
    ['工行卡 6222 0200 0000 0000 000', '工行卡 **** **** **** ***0 000', 'bank_card'],
  ] as const)('%s', (text, expected, kind) => {
    expect(masked(text)).toBe(expected);
    expect(kinds(text)).toEqual([kind]);
  });

  it('masks full-width ID numbers keeping the original check character', () => {
    expect(masked('身份证１１０１０５１９９００３０７１２３Ｘ')).toBe(
      '身份证**************１２３Ｘ',
    );
  });

  it('leaves a quantity written after a card number alone', () => {
    expect(masked('my card is 4111 1111 1111 1111 2 pcs')).toBe(
      'my card is **** **** **** 1111 2 pcs',
    );
  });
});

describe('maskSensitive: email addresses', () => {
  it.each([
    ['邮箱 zhang.san@example.com', '邮箱 z********@example.com'],
    // The name looks like a mobile number; the email, longer, wins.
    ['13812345678@163.com', '1**********@163.com'],
    ['Email: Amy_Lee+shop@mail.co.uk.', 'Email: A***********@mail.co.uk.'],
    ['ｔｏｍ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｔ**＠ｅｘａｍｐｌｅ．ｃｏｍ'],
  ])('%s', (text, expected) => {
    expect(masked(text)).toBe(expected);
    expect(kinds(text)).toEqual(['email']);
  });
});

describe('maskSensitive: addresses', () => {
  it.each([
    // From the road onwards; province, city and district stay so the chat still reads.
    ['上海市浦东新区张江路123弄5号601室', '上海市浦东新区****'],
    ['寄到杭州市西湖区文三路 478 号', '寄到杭州市西湖区****'],
    ['深圳市南山区深南大道10000号', '深圳市南山区****'],
    ['陆家嘴街道张杨路500号', '陆家嘴街道****'],
    // A building name between the road's number and the flat is one address.
    ['我家住在北京市朝阳区建国路88号SOHO现代城A座1203室', '我家住在北京市朝阳区****'],
    ['请寄到：广东省广州市天河区天河路385号太古汇一座3201', '请寄到：广东省广州市天河区****'],
    ['收货地址：江苏省南京市玄武区中山路18号德基广场二期B1层', '收货地址：江苏省南京市玄武区****'],
    // An estate and its building, unit and room.
    ['阳光花园3栋2单元301，谢谢', '****，谢谢'],
    ['就是5号601室', '就是****'],
    ['湖北省黄冈市张家村3组25号', '湖北省黄冈市****'],
    ['送到张江路123号，买3台', '送到****，买3台'],
    ['邮编200120', '邮编******'],
    // en: the street with its number and flat; the city stays, a ZIP or postcode beside it goes.
    ['221B Baker Street, London NW1 6XE', '****, London ****'],
    ['123 Main St, Apt 4B, Springfield, IL 62704', '****, Springfield, IL ****'],
    ['1600 Pennsylvania Avenue NW, Washington, DC 20500', '****, Washington, DC ****'],
    [
      'Ship to 42 West 21st Street, New York, NY 10010 please',
      'Ship to ****, New York, NY **** please',
    ],
    ['I live at 12 elm road apt 3', 'I live at ****'],
  ])('%s', (text, expected) => {
    expect(masked(text)).toBe(expected);
    expect(new Set(kinds(text))).toEqual(new Set(['address']));
  });

  it('gives an address the span of the original characters it replaced', () => {
    // 上海市浦东新区 is 7 characters; 张江路123弄5号601室 the next 3 + 3 + 1 + 1 + 1 + 3 + 1 = 13.
    expect(maskSensitive('上海市浦东新区张江路123弄5号601室').spans).toEqual([
      { start: 7, end: 20, kind: 'address' },
    ]);
  });
});

describe('maskSensitive: what must stay', () => {
  it.each([
    '这款加湿器¥1999，活动价1999元',
    'It is $25.99, or $299.00 for the bundle',
    '订单SD-20261101-0042到了吗',
    'order ORD123456789 shipped',
    // Luhn-valid digits, but glued to an order id's letters.
    'ORD6222020000000007',
    // 16 digits that fail the Luhn check: an order number, not a card.
    '订单号2026110100420001',
    '买2台HUM-300，再加3个FLT-001滤芯',
    'model KJ500F-X5 in stock',
    '2026-11-01 14:30 发货',
    '2026/11/01 or 11/01/2026',
    '2026年11月1日下午14：30',
    '11月1号发货，3号到',
    '我在2号门等你',
    '10:00-12:00 送货',
    'I bought 3 air purifiers on the way',
    'Order 2 more filters for the living room',
    'a 2 days drive',
    'timestamp 1730448000',
    '5 star, 100% satisfied',
    'SKU HUM-002 x 2, total ¥398.00',
    '张江路附近有店吗',
    '没有数字的句子也不会变',
  ])('%s', (text) => {
    expect(maskSensitive(text)).toEqual({ text, spans: [] });
  });
});

describe('maskSensitive: several in one message', () => {
  it('masks each, in order, with every span', () => {
    const text =
      '身份证号：110105199003071234，手机：13912345678，寄到上海市浦东新区张江路123弄5号601室';
    const result = maskSensitive(text);
    expect(result.text).toBe(
      '身份证号：**************1234，手机：139****5678，寄到上海市浦东新区****',
    );
    expect(result.spans.map((s) => s.kind)).toEqual(['id_card', 'phone', 'address']);
    // Every span names characters of the original: 身份证号： is 5 long, the ID 18.
    expect(result.spans[0]).toEqual({ start: 5, end: 23, kind: 'id_card' });
    expect(text.slice(result.spans[1]!.start, result.spans[1]!.end)).toBe('13912345678');
  });

  it('masks an English shopper message with a phone, an address and an email', () => {
    expect(
      masked('Send it to 10 Downing Street, London SW1A 2AA, call +44 20 7946 0958 or amy@b.io'),
    ).toBe('Send it to ****, London ****, call +44 ** **** 0958 or a**@b.io');
  });
});

describe('maskSensitive: long input', () => {
  it('stays linear on a long run of address units', () => {
    // 10 000 units "号1…": walking the chain again from every unit inside it would take seconds.
    const text = '号1'.repeat(10_000);
    const started = performance.now();
    const result = maskSensitive(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.spans).toHaveLength(1);
    expect(result.text).toBe('号****');
  });
});
