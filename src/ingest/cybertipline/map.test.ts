import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../adapters.ts';
import { pseudonymiserFromKey } from '../env.ts';
import { BatchMapper } from '../prepare.ts';
import type { MapEnv } from '../types.ts';

/**
 * Records that reach most of the mapper (every identifier kind, signals repeated, subjects with and
 * without their person block, victims by age, date of birth and tessera: age range, hashes in odd
 * spellings, annotations, the legacy meme flag, details pairs) and variants with problems.
 */
const RICH = `<report>
  <batchedReport>yes</batchedReport>
  <incidentSummary>
    <incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>
    <platform>ExampleChat Messenger</platform>
    <escalateToHighPriority>now</escalateToHighPriority>
    <reportAnnotations>
      <sextortion/>
      <spam>1</spam>
      <minorToMinorInteraction>true</minorToMinorInteraction>
    </reportAnnotations>
    <incidentDateTime>2024-03-05T14:22:00</incidentDateTime>
  </incidentSummary>
  <internetDetails>
    <webPageIncident>
      <url>https://Example.COM:8080/a?b</url>
      <url>  </url>
      <url>not a url</url>
      <url>https://Example.COM:8080/a?b</url>
      <url>HTTP://host.example#frag</url>
    </webPageIncident>
  </internetDetails>
  <internetDetails>
    <emailIncident>
      <emailAddress>a@example.com</emailAddress>
      <emailAddress> b@example.com </emailAddress>
      <emailAddress>a@example.com</emailAddress>
    </emailIncident>
  </internetDetails>
  <internetDetails>
    <cellPhoneIncident>
      <phoneNumber>+1 555 0100</phoneNumber>
      <latitude>1.5</latitude>
    </cellPhoneIncident>
  </internetDetails>
  <internetDetails>
    <peer2peerIncident>
      <client>x</client>
      <ipCaptureEvent><ipAddress>192.0.2.1</ipAddress><port>80</port></ipCaptureEvent>
    </peer2peerIncident>
  </internetDetails>
  <reporter>
    <reportingPerson>
      <firstName>Sam</firstName>
    </reportingPerson>
  </reporter>
  <personOrUserReported>
    <personOrUserReportedPerson>
      <firstName>X</firstName>
      <phone>+1 555 0101</phone>
      <email>p@example.com</email>
      <email>p@example.com</email>
      <email>q@example.com</email>
    </personOrUserReportedPerson>
    <espIdentifier>user-0001</espIdentifier>
    <espService>ExampleChat</espService>
    <screenName>user-0001</screenName>
    <ipCaptureEvent><ipAddress>192.0.2.10</ipAddress><eventName>Login</eventName><dateTime>2024-03-05T13:58:11Z</dateTime></ipCaptureEvent>
    <ipCaptureEvent><ipAddress>192.0.2.11</ipAddress></ipCaptureEvent>
    <deviceId><idType>IMEI</idType><idValue>3520990000000</idValue></deviceId>
    <deviceId><idType>IDFA</idType><idValue>abc</idValue></deviceId>
    <estimatedLocation><city>X</city><countryCode>A1</countryCode></estimatedLocation>
  </personOrUserReported>
  <personOrUserReported>
    <screenName>second</screenName>
    <estimatedLocation><countryCode>DE</countryCode></estimatedLocation>
  </personOrUserReported>
  <intendedRecipient><anything>x</anything><espIdentifier>rcpt</espIdentifier></intendedRecipient>
  <intendedRecipient/>
  <victim>
    <victimPerson>
      <dateOfBirth>2010-06-30</dateOfBirth>
    </victimPerson>
    <espIdentifier>user-0002</espIdentifier>
  </victim>
  <victim>
    <victimPerson>
      <firstName>Y</firstName>
    </victimPerson>
  </victim>
  <victim>
    <victimPerson>
      <age>12</age>
    </victimPerson>
  </victim>
  <additionalInfo>x</additionalInfo>
</report>
<fileDetails>
  <reportId>CHS-RICH.1</reportId>
  <fileId>f-1</fileId>
  <fileName>x.JPG</fileName>
  <uploadedToEspTimestamp>2024-03-05T14:22:00+02:00</uploadedToEspTimestamp>
  <fileRelevance>Supplemental Reported</fileRelevance>
  <fileAnnotations><viral/><infant>1</infant><generativeAi>true</generativeAi></fileAnnotations>
  <industryClassification>A1</industryClassification>
  <originalFileHash hashType="MD5">D41D8CD98F00B204E9800998ECF8427E</originalFileHash>
  <originalFileHash hashType="md5">d41d8cd98f00b204e9800998ecf8427e</originalFileHash>
  <originalFileHash hashType="sha-1">da39a3ee5e6b4b0d3255bfef95601890afd80709</originalFileHash>
  <originalFileHash hashType="CRC">1234</originalFileHash>
  <ipCaptureEvent><ipAddress>192.0.2.1</ipAddress></ipCaptureEvent>
  <deviceId><idType>a</idType><idValue>b</idValue></deviceId>
  <details type="HASH"><nameValuePair><name>PDQ Quality</name><value>77</value></nameValuePair><nameValuePair><name>other</name><value>x</value></nameValuePair></details>
  <details type="OTHER"><nameValuePair><name>pdq_quality</name><value>x</value></nameValuePair></details>
</fileDetails>
<fileDetails>
  <reportId>CHS-RICH.1</reportId>
  <fileId>f-2</fileId>
  <fileName>a.zip</fileName>
  <originalFileName>clip.MP4</originalFileName>
  <potentialMeme>1</potentialMeme>
  <originalFileHash hashType="SHA256">e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855</originalFileHash>
  <details type="HASH"><nameValuePair><name>pdq-quality</name><value>1.5</value></nameValuePair></details>
</fileDetails>
<fileDetails>
  <reportId>CHS-RICH.2</reportId>
  <fileId>f-3</fileId>
  <fileName>noext</fileName>
  <potentialMeme>0</potentialMeme>
  <industryClassification>B2</industryClassification>
  <originalFileHash>abc</originalFileHash>
  <originalFileHash hashType="PDQ">0000000000000000000000000000000000000000000000000000000000000000</originalFileHash>
</fileDetails>
`;

const NS = 'xmlns:tessera="urn:tessera:cybertipline-batch:1"';
const VARIANTS = [
  RICH,
  RICH.replace('<age>12</age>', '<age>30</age>').replace('2010-06-30', '1990-01-01'),
  RICH.replace('<reportId>CHS-RICH.1</reportId>', '<reportId>bad ref!</reportId>').replace('hashType="SHA256"', 'hashType="sha_256"'),
  RICH.replace('<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>', '<incidentType>child pornography</incidentType>').replace('<countryCode>DE</countryCode>', '<countryCode>de</countryCode>'),
  RICH.replace('<report>', `<report ${NS} tessera:sourceRef="R-9" tessera:flags="a-b Bad c" tessera:incidentTypes="[{&quot;scheme&quot;:&quot;x&quot;,&quot;code&quot;:&quot;y&quot;}]" tessera:incidentAt="unknown" tessera:language="fr">`)
    .replace('<victim>', `<victim ${NS} tessera:ageBasis="developmental-stage" tessera:ageStage="pubescent" tessera:ageMin="10" tessera:ageMax="14" tessera:gender="female" tessera:identified="true">`),
  RICH.replace('<report>', `<report ${NS} tessera:incidentTypes="nope">`).replace('<victim>', `<victim ${NS} tessera:ageBasis="guess">`).replace('<fileDetails>', `<fileDetails ${NS} tessera:mediaType="blob" tessera:sizeBytes="-1">`),
  RICH.replace('<personOrUserReported>\n    <screenName>second</screenName>', `<personOrUserReported ${NS} tessera:pseudonymised="true" tessera:kind="robot">\n    <screenName>second</screenName>`),
];

describe('CyberTipline mapping', () => {
  it('maps these records exactly as the mapper did before its allocation work (session 7): units, notes, problems, key order', async () => {
    const lineage = { sourceOrgId: 'organisation--00000000-0000-4000-8000-000000000001', sourceSystem: 'test', collectionPurpose: 'content-removal', legalBasis: 'legitimate-interest', adapter: { name: 'a', version: '1' }, receivedAt: '2026-11-22T00:00:00.000Z', hops: [] } as const;
    const env = { orgId: lineage.sourceOrgId, datasetId: 'dataset--00000000-0000-4000-8000-000000000002', lineage, receivedAt: lineage.receivedAt, pseudonymise: pseudonymiserFromKey('11'.repeat(32)) } as unknown as MapEnv;
    const adapter = adapterFor('cybertipline-xml', {});
    const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<cyberTiplineBatch>\n${VARIANTS.join('\n')}\n</cyberTiplineBatch>\n`;
    const m = new BatchMapper(0, adapter, env, { file: 'rich.xml' });
    for await (const r of adapter.read((async function* () { yield doc; })(), { file: 'rich.xml' })) m.add(r);
    const w = m.finish();
    expect([w.good.length, w.bad.length]).toEqual([9, 19]);
    const json = JSON.stringify({ good: w.good.map((g) => g.mapped), bad: w.bad.map((b) => b.problems) });
    // The SHA-256 of the same JSON from the mapper as it was at commit 2be79f9 (before this session's changes).
    expect(createHash('sha256').update(json).digest('hex')).toBe('633c5dd5c914deab802262c87278ce466301124c301f25d57f6bcff43ee8d14c');
  });
});
