/** Contacts → CHI-style CSV (the shipped chi-style mapping reads it back): tests, benchmarks, exports. */
import type { Contact } from '../../model/index.ts';

export const contactsCsvHeader = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\n';

const CHANNEL: Record<Contact['channel'], string> = { phone: 'Phone', chat: 'Chat', email: 'Email', sms: 'SMS', 'web-form': 'Web form', 'social-media': 'Social media', 'in-person': 'In person', other: 'Other' };
const GENDER: Record<Contact['gender'], string> = { female: 'Girl', male: 'Boy', 'non-binary': 'Non-binary', other: 'Other', unknown: 'Unknown' };

export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV row; categories are written as their source labels ("Category/Subcategory"). */
export function contactCsvRow(c: Contact): string {
  const age = c.age && c.age.min !== null ? (c.age.min === c.age.max ? String(c.age.min) : `${c.age.min}-${c.age.max ?? c.age.min}`) : 'Unknown';
  return [
    c.sourceRef, c.contactAt, CHANNEL[c.channel], c.durationMinutes === undefined ? '' : String(c.durationMinutes), age, GENDER[c.gender], c.country ?? '', c.region ?? '', c.language ?? '',
    c.categories.map((x) => x.label ?? x.code).join('; '),
  ].map(csvField).join(',') + '\n';
}
