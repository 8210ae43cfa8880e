// A 2048-bit DH chip authentication key made by openssl (X9.42, RFC 5114's group with a 256-bit subgroup),
// CA with 3DES: the DG14 that announces it and the chip's side of the key for the emulated passport.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { OID_CA_DH, OID_PK_DH, parseDg14 } from '../../main/chip/dg14';
import { dg14Of } from '../../main/chip/dg14-build';

export function dhChipAuthenticationKey(dir: string, name = 'dh') {
  const params = join(dir, `${name}.params.pem`);
  const pem = join(dir, `${name}.pem`);
  execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DHX', '-pkeyopt', 'dh_rfc5114:3', '-out', params], { stdio: 'ignore' });
  execFileSync('openssl', ['genpkey', '-paramfile', params, '-out', pem], { stdio: 'ignore' });
  const spki = execFileSync('openssl', ['pkey', '-in', pem, '-pubout', '-outform', 'DER']);
  const pkcs8 = asn1js.fromBER(execFileSync('openssl', ['pkey', '-in', pem, '-outform', 'DER'])).result as asn1js.Sequence;
  const x = asn1js.fromBER((pkcs8.valueBlock.value[2] as asn1js.OctetString).valueBlock.valueHexView).result as asn1js.Integer;
  const dg14 = dg14Of(OID_CA_DH['3DES'], OID_PK_DH, asn1js.fromBER(spki).result);
  const group = parseDg14(dg14)[0]!.dh!.group;
  return { dg14, genuine: { curveName: 'DH', dh: group, cipher: '3DES' as const, privateKey: BigInt(`0x${Buffer.from(x.valueBlock.valueHexView).toString('hex')}`) } };
}
