import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkIdNumber, idChecksumChar, maskIdNumber, maskPhone, normalizePhone,
} from '../../src/domain/id-number.ts';

/** A valid 18-character number from its first 17 digits. */
const withCheck = (first17: string) => first17 + idChecksumChar(first17);
const TODAY = '2024-06-01';

void describe('idChecksumChar', () => {
  void test('the GB 11643-1999 example 11010519491231002X, verified by hand', () => {
    // digits  1 1  0 1 0 5 1 9 4 9 1 2  3 1 0 0 2
    // weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // S = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → 'X'
    assert.equal(idChecksumChar('11010519491231002'), 'X');
  });

  void test('the GB 11643-1999 example 440524188001010014, verified by hand', () => {
    // S = 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195; 195 mod 11 = 8 → '4'
    assert.equal(idChecksumChar('44052418800101001'), '4');
  });

  void test('every remainder maps through 1,0,X,9,8,7,6,5,4,3,2', () => {
    // Digits 15 and 16 (weights 8 and 4) vary: 8a + 4b reaches every residue mod 11, so every character appears.
    const seen = new Set<string>();
    for (let a = 0; a <= 9; a++) for (let b = 0; b <= 9; b++) seen.add(idChecksumChar(`44060419900101${a}${b}0`));
    assert.deepEqual([...seen].sort(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  void test('refuses anything but 17 digits', () => {
    assert.throws(() => idChecksumChar('1101051949123100'), RangeError);
    assert.throws(() => idChecksumChar('11010519491231002X'), RangeError);
    assert.throws(() => idChecksumChar('1101051949123100a'), RangeError);
  });
});

void describe('checkIdNumber: valid numbers', () => {
  void test('the published example, upper- and lower-case x, with surrounding spaces', () => {
    const expected = { ok: true, normalized: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' };
    assert.deepEqual(checkIdNumber('11010519491231002X', TODAY), expected);
    assert.deepEqual(checkIdNumber('11010519491231002x', TODAY), expected);
    assert.deepEqual(checkIdNumber(' 11010519491231002X\n', TODAY), expected);
  });

  void test('a Foshan number built with the checksum; sex from the 17th digit', () => {
    const male = withCheck('44060419900101123');
    assert.deepEqual(checkIdNumber(male, TODAY), {
      ok: true, normalized: male, regionCode: '440604', birthDate: '1990-01-01', sex: 'male',
    });
    const female = withCheck('44060419900101124');
    const r = checkIdNumber(female, TODAY);
    assert.equal(r.ok && r.sex, 'female');
  });

  void test('old 15-digit numbers are converted to 18 with 19yy and a computed checksum', () => {
    // the standard's own conversion: 110105491231002 → 11010519491231002X
    const r = checkIdNumber('110105491231002', TODAY);
    assert.deepEqual(r, { ok: true, normalized: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' });
    const m = checkIdNumber('440681800229001', TODAY); // 1980-02-29 is real (leap year)
    assert.equal(m.ok && m.normalized, withCheck('44068119800229001'));
    assert.equal(m.ok && m.sex, 'male');
  });

  void test('abolished address codes are accepted (顺德市 440681, 南海市 440682 before 2003)', () => {
    for (const first17 of ['44068119850315002', '44068219700701301', '44062319650101001']) {
      assert.equal(checkIdNumber(withCheck(first17), TODAY).ok, true, first17);
    }
  });

  void test('born today, on 1900-01-01, in Hong Kong / Macao / Taiwan codes', () => {
    assert.equal(checkIdNumber(withCheck('44060420240601001'), TODAY).ok, true);
    assert.equal(checkIdNumber(withCheck('11010519000101001'), TODAY).ok, true);
    for (const p of ['71', '81', '82']) assert.equal(checkIdNumber(withCheck(`${p}000019800101001`), TODAY).ok, true, p);
  });

  void test('the default "today" is today in Shanghai', () => {
    assert.equal(checkIdNumber(withCheck('44060419900101123')).ok, true);
    const r = checkIdNumber(withCheck('44060421000101123'));
    assert.equal(!r.ok && r.code, 'ID_BIRTHDATE');
  });
});

void describe('checkIdNumber: invalid numbers', () => {
  const code = (input: string) => {
    const r = checkIdNumber(input, TODAY);
    return r.ok ? 'ok' : r.code;
  };

  void test('format', () => {
    for (const s of ['', '1101051949123100', '1101051949123100211', '11010519491231002Y', '1101051949123100XX',
      'X1010519491231002', '11010549123100X', '11010519491231002 X', '１１０１０５１９４９１２３１００２Ｘ']) {
      assert.equal(code(s), 'ID_FORMAT', JSON.stringify(s));
    }
  });

  void test('checksum: any one changed digit or swapped pair is caught', () => {
    assert.equal(code('110105194912310020'), 'ID_CHECKSUM');
    assert.equal(code('440524188001010015'), 'ID_CHECKSUM');
    const good = withCheck('44060419900101123');
    const swapped = good.slice(0, 14) + good.charAt(15) + good.charAt(14) + good.slice(16);
    assert.notEqual(swapped, good);
    assert.equal(code(swapped), 'ID_CHECKSUM');
    const r = checkIdNumber('110105194912310020', TODAY);
    assert.equal(!r.ok && r.message, '身份证号校验位错误，请核对号码');
  });

  void test('birth date: not a real date, before 1900, in the future', () => {
    assert.equal(code(withCheck('44060419900230123')), 'ID_BIRTHDATE'); // Feb 30
    assert.equal(code(withCheck('44060419901301123')), 'ID_BIRTHDATE'); // month 13
    assert.equal(code(withCheck('44060419000229123')), 'ID_BIRTHDATE'); // 1900 is not a leap year
    assert.equal(code('440524188001010014'), 'ID_BIRTHDATE'); // the standard's own 1880 example: valid checksum, too old
    assert.equal(code(withCheck('44060420240602001')), 'ID_BIRTHDATE'); // tomorrow
    assert.equal(code('440681810229001'), 'ID_BIRTHDATE'); // 15-digit, 1981-02-29
  });

  void test('region: the first two digits must be a province', () => {
    for (const p of ['00', '10', '16', '20', '24', '30', '38', '47', '55', '60', '66', '70', '72', '80', '83', '99']) {
      assert.equal(code(withCheck(`${p}060419900101123`)), 'ID_REGION', p);
    }
    assert.equal(code('990604900101123'), 'ID_REGION'); // 15-digit
  });

  void test('messages are in Chinese', () => {
    for (const s of ['abc', withCheck('44060419900230123'), withCheck('99060419900101123')]) {
      const r = checkIdNumber(s, TODAY);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.message : '', /^身份证号/);
    }
  });
});

void describe('maskIdNumber', () => {
  void test('first 4 and last 4 kept', () => {
    assert.equal(maskIdNumber('440604199001011234'), '4406**********1234');
    assert.equal(maskIdNumber('11010519491231002X'), '1101**********002X');
    assert.equal(maskIdNumber('110105491231002'), '1101*******1002');
  });

  void test('short values never leak', () => {
    assert.equal(maskIdNumber('12345678'), '********');
    assert.equal(maskIdNumber(''), '');
  });
});

void describe('normalizePhone', () => {
  void test('mobiles', () => {
    assert.equal(normalizePhone('13812345678'), '13812345678');
    assert.equal(normalizePhone(' 138 1234 5678 '), '13812345678');
    assert.equal(normalizePhone('+8613812345678'), '13812345678');
    assert.equal(normalizePhone('19912345678'), '19912345678');
    for (const s of ['12812345678', '10012345678', '1381234567', '138123456789', '138-1234-567a']) {
      assert.equal(normalizePhone(s), null, s);
    }
  });

  void test('landlines', () => {
    assert.equal(normalizePhone('0757-83331234'), '075783331234');
    assert.equal(normalizePhone('075783331234'), '075783331234');
    assert.equal(normalizePhone('(0757)83331234'), '075783331234');
    assert.equal(normalizePhone('010-61234567'), '01061234567');
    assert.equal(normalizePhone('020-83331234'), '02083331234');
    assert.equal(normalizePhone('0763-3331234'), '07633331234'); // 7-digit local number
    for (const s of ['83331234', '0757-03331234', '0757-1333123', '010-6123456', '0157-83331234', '0757-833312345', '']) {
      assert.equal(normalizePhone(s), null, s);
    }
  });
});

void describe('maskPhone', () => {
  void test('mobile keeps first 3 and last 4', () => {
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskPhone('+86 138 1234 5678'), '138****5678');
  });

  void test('landline keeps the area code and last 4', () => {
    assert.equal(maskPhone('0757-83331234'), '0757-****1234');
    assert.equal(maskPhone('075783331234'), '0757-****1234');
    assert.equal(maskPhone('010-61234567'), '010-****4567');
    assert.equal(maskPhone('0763-3331234'), '0763-***1234');
  });

  void test('unrecognised values are still masked', () => {
    assert.equal(maskPhone('123456789012'), '123*****9012');
    assert.equal(maskPhone('12345'), '*****');
  });
});
