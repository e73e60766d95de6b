/**
 * A synthetic service directory for the demo and tests: helplines, counselling, medical,
 * legal aid, law enforcement, hotlines and shelters in the countries of the synthetic
 * ecosystem. Every name is invented and marked "(synthetic)"; every address is under the
 * reserved `.example` domain; phone numbers are placeholders. Deterministic: no seed needed.
 */
export interface SyntheticService {
  /** Organisation (ecosystem slug) that keeps the entry in its directory. */
  listedBy: string;
  /** Ecosystem slug of the Tessera organisation that receives referrals; null = outside Tessera. */
  provider: string | null;
  slug: string;
  name: string;
  kind: 'child-helpline' | 'counselling' | 'medical' | 'legal-aid' | 'law-enforcement' | 'hotline' | 'shelter';
  jurisdiction: string;
  countries: string[];
  languages: string[];
  ageMin: number | null;
  ageMax: number | null;
  needs: Array<'emotional-support' | 'counselling' | 'mental-health' | 'medical-care' | 'sexual-health' | 'legal-advice' | 'reporting-to-police' | 'content-removal' | 'sextortion-support' | 'safe-accommodation' | 'family-support' | 'emergency'>;
  hours: string;
  description: string;
}

const S = (s: SyntheticService) => s;

export function generateServices(): SyntheticService[] {
  return [
    S({ listedBy: 'ipe-helpline', provider: 'ipe-helpline', slug: 'ipe-counselling', name: 'Linha Ipê counselling (synthetic)', kind: 'child-helpline', jurisdiction: 'BR', countries: ['PT'], languages: ['pt-BR', 'es'], ageMin: 6, ageMax: 17, needs: ['emotional-support', 'counselling', 'sextortion-support'], hours: '24/7', description: 'Phone, chat and WhatsApp counselling for children and teenagers.' }),
    S({ listedBy: 'ipe-helpline', provider: null, slug: 'sp-youth-clinic', name: 'São Paulo youth health clinic (synthetic)', kind: 'medical', jurisdiction: 'BR', countries: [], languages: ['pt-BR'], ageMin: 0, ageMax: 18, needs: ['medical-care', 'sexual-health', 'mental-health'], hours: 'Mo-Fr 08:00-18:00', description: 'Paediatric and adolescent health, forensic examinations on referral.' }),
    S({ listedBy: 'ipe-helpline', provider: null, slug: 'casa-abrigo', name: 'Casa Abrigo shelter (synthetic)', kind: 'shelter', jurisdiction: 'BR', countries: [], languages: ['pt-BR'], ageMin: 0, ageMax: 17, needs: ['safe-accommodation', 'family-support', 'emergency'], hours: '24/7', description: 'Emergency accommodation for children at risk, by referral from the guardianship council.' }),
    S({ listedBy: 'ipe-helpline', provider: null, slug: 'defensoria-juvenil', name: 'Juvenile public defender (synthetic)', kind: 'legal-aid', jurisdiction: 'BR', countries: [], languages: ['pt-BR'], ageMin: null, ageMax: 17, needs: ['legal-advice'], hours: 'Mo-Fr 09:00-17:00', description: 'Free legal advice and representation for children and families.' }),
    S({ listedBy: 'savanna-helpline', provider: 'savanna-helpline', slug: 'savanna-116', name: 'Savanna 116 counselling (synthetic)', kind: 'child-helpline', jurisdiction: 'KE', countries: ['TZ', 'UG'], languages: ['sw', 'en'], ageMin: null, ageMax: 17, needs: ['emotional-support', 'counselling', 'family-support'], hours: '24/7', description: 'Toll-free counselling and case referral for children.' }),
    S({ listedBy: 'savanna-helpline', provider: null, slug: 'nairobi-gbv-centre', name: 'Nairobi recovery centre (synthetic)', kind: 'medical', jurisdiction: 'KE', countries: [], languages: ['sw', 'en'], ageMin: 0, ageMax: 25, needs: ['medical-care', 'sexual-health', 'mental-health', 'emergency'], hours: '24/7', description: 'Medical care and psychosocial support after sexual violence.' }),
    S({ listedBy: 'northsea-hotline', provider: 'harbour-police', slug: 'harbour-police-ocp', name: 'Harbour Police child protection desk (synthetic)', kind: 'law-enforcement', jurisdiction: 'NL', countries: [], languages: ['nl', 'en'], ageMin: null, ageMax: null, needs: ['reporting-to-police', 'emergency'], hours: '24/7', description: 'Receives referrals of identified children for safeguarding and investigation.' }),
    S({ listedBy: 'northsea-hotline', provider: null, slug: 'noordzee-kindertelefoon', name: 'Noordzee children’s line (synthetic)', kind: 'child-helpline', jurisdiction: 'NL', countries: ['BE'], languages: ['nl'], ageMin: 8, ageMax: 18, needs: ['emotional-support', 'counselling', 'sextortion-support'], hours: 'Mo-Su 11:00-21:00', description: 'Chat and phone line for children; anonymous.' }),
    S({ listedBy: 'northsea-hotline', provider: 'northsea-hotline', slug: 'northsea-takedown', name: 'Northsea takedown help (synthetic)', kind: 'hotline', jurisdiction: 'NL', countries: ['BE', 'LU'], languages: ['nl', 'en', 'fr'], ageMin: null, ageMax: null, needs: ['content-removal', 'sextortion-support'], hours: 'Mo-Fr 09:00-17:00', description: 'Helps young people get images of themselves taken down.' }),
    S({ listedBy: 'albion-hotline', provider: null, slug: 'albion-report-remove', name: 'Albion report and remove (synthetic)', kind: 'hotline', jurisdiction: 'GB', countries: [], languages: ['en'], ageMin: null, ageMax: 17, needs: ['content-removal', 'sextortion-support'], hours: '24/7', description: 'Young people report nude images of themselves for removal.' }),
    S({ listedBy: 'albion-hotline', provider: null, slug: 'albion-legal', name: 'Children’s legal centre (synthetic)', kind: 'legal-aid', jurisdiction: 'GB', countries: [], languages: ['en'], ageMin: null, ageMax: 18, needs: ['legal-advice'], hours: 'Mo-Fr 09:00-17:00', description: 'Free legal advice for children and young people.' }),
    S({ listedBy: 'kettle-games', provider: null, slug: 'teen-support-us', name: 'Teen support line (synthetic)', kind: 'counselling', jurisdiction: 'US', countries: [], languages: ['en', 'es'], ageMin: 12, ageMax: 19, needs: ['emotional-support', 'sextortion-support', 'mental-health'], hours: '24/7', description: 'Text and phone support for teenagers.' }),
  ].map((s) => ({ ...s, description: s.description }));
}

/** Placeholder contact details under reserved names, never real numbers. */
export function syntheticContact(s: SyntheticService): { phone: string; url: string; email: string } {
  return { phone: '+00 000 000 000', url: `https://${s.slug}.example/`, email: `intake@${s.slug}.example` };
}
