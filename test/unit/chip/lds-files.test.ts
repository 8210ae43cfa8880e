// EF.COM, DG1 and EF.CardAccess parsing. EF.COM's bytes are the ones ICAO Doc 9303 Part 11 Appendix D.4
// reads from the specimen chip (60145F0104303130365F36063034303030305C026175). The EF.CardAccess values
// are built here with asn1js from the object identifiers of BSI TR-03110 Part 3 (id-PACE = 0.4.0.127.0.7.2.2.4).
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { chooseAccess, parseCardAccess, parseDg1, parseEfCom } from '../../../main/chip/lds-files';
import { encodeTlv, readTlv, readTlvs } from '../../../main/chip/tlv';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

const securityInfo = (oid: string, version: number, parameterId?: number): asn1js.Sequence =>
  new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: oid }),
      new asn1js.Integer({ value: version }),
      ...(parameterId === undefined ? [] : [new asn1js.Integer({ value: parameterId })]),
    ],
  });
const cardAccess = (...infos: asn1js.Sequence[]): Buffer => Buffer.from(new asn1js.Set({ value: infos }).toBER());

describe('BER-TLV', () => {
  it('reads two-byte tags and long-form lengths, and encodes them back', () => {
    const value = Buffer.alloc(300, 0xab);
    const encoded = encodeTlv(0x5f1f, value);
    expect(encoded.subarray(0, 5).toString('hex')).toBe('5f1f82012c');
    const { tlv, next } = readTlv(encoded);
    expect(tlv.tag).toBe(0x5f1f);
    expect(tlv.value.length).toBe(300);
    expect(next).toBe(encoded.length);
  });

  it('refuses a value shorter than its length says', () => {
    expect(() => readTlvs(hex('8705010203'))).toThrow(/ends early inside the value/);
    expect(() => readTlvs(hex('5F'))).toThrow(/ends early inside the tag/);
    expect(() => readTlvs(hex('8780'))).toThrow(/indefinite/);
  });
});

describe('EF.COM', () => {
  it('lists the data groups of the Appendix D specimen chip', () => {
    expect(parseEfCom(hex('60145F0104303130365F36063034303030305C026175'))).toEqual({
      ldsVersion: '0106',
      unicodeVersion: '040000',
      dataGroups: [1, 2],
    });
  });

  it('refuses a file that is not EF.COM or lists an unknown tag', () => {
    expect(() => parseEfCom(hex('61035C0161'))).toThrow(/EF.COM is not well-formed/);
    expect(() => parseEfCom(hex('60045C026199'))).toThrow(/EF.COM/);
    expect(() => parseEfCom(hex('60145F01'))).toThrow(/ends early/);
  });
});

describe('DG1', () => {
  it('splits a TD1 MRZ into three lines of 30', () => {
    const mrz = 'I<UTOD231458907<<<<<<<<<<<<<<<' + '7408122F1204159UTO<<<<<<<<<<<6' + 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<';
    expect(parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from(mrz)))).lines).toEqual([mrz.slice(0, 30), mrz.slice(30, 60), mrz.slice(60)]);
  });

  it('refuses an MRZ of a length no document format has, or with lower case', () => {
    expect(() => parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from('P<UTO'))))).toThrow(/DG1/);
    expect(() => parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, Buffer.from('p'.repeat(88)))))).toThrow(/DG1/);
  });
});

describe('EF.CardAccess and the choice of PACE or BAC', () => {
  it('reads a PACEInfo for ECDH generic mapping with AES-128 on P-256', () => {
    const infos = parseCardAccess(cardAccess(securityInfo('0.4.0.127.0.7.2.2.4.2.2', 2, 12)));
    expect(infos).toEqual([{ protocol: '0.4.0.127.0.7.2.2.4.2.2', mapping: 'ECDH-GM', cipher: 'AES-128', version: 2, parameterId: 12 }]);
    expect(chooseAccess(cardAccess(securityInfo('0.4.0.127.0.7.2.2.4.2.2', 2, 12)))).toMatchObject({ method: 'pace' });
  });

  it('skips other security infos and PACE domain parameter infos', () => {
    const bytes = cardAccess(
      securityInfo('0.4.0.127.0.7.2.2.3.2.1', 1), // chip authentication, not PACE
      securityInfo('0.4.0.127.0.7.2.2.4.2', 2), // PACEDomainParameterInfo: one arc fewer
      securityInfo('0.4.0.127.0.7.2.2.4.4.4', 2, 13), // ECDH integrated mapping, AES-256
    );
    expect(parseCardAccess(bytes).map((i) => i.mapping)).toEqual(['ECDH-IM']);
    // Integrated mapping is not supported yet, so the kiosk falls back to BAC.
    expect(chooseAccess(bytes)).toEqual({ method: 'bac' });
  });

  it('uses BAC when there is no EF.CardAccess or it cannot be read, and PACE only for version 2', () => {
    expect(chooseAccess(null)).toEqual({ method: 'bac' });
    expect(chooseAccess(hex('3103020100'))).toEqual({ method: 'bac' });
    expect(chooseAccess(cardAccess(securityInfo('0.4.0.127.0.7.2.2.4.2.2', 1, 12)))).toEqual({ method: 'bac' });
  });
});
