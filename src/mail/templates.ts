import { formatLongDate } from '../i18n/format';
import type { TemplateKind } from '../db/mail';

/**
 * The texts of invitations, reminders and chat messages, and their placeholders. Pure: text and
 * values in, text out. Every placeholder has an Indonesian and an English name; the closing date
 * is written with Indonesian month names for {tanggal_tutup} and English ones for {closing_date}
 * ("10 Januari 2027" / "10 January 2027").
 */

export type Placeholder = 'name' | 'link' | 'closing_id' | 'closing_en' | 'organiser' | 'contact';

const PLACEHOLDER_NAMES: Record<string, Placeholder> = {
  nama: 'name',
  name: 'name',
  tautan: 'link',
  link: 'link',
  tanggal_tutup: 'closing_id',
  closing_date: 'closing_en',
  penyelenggara: 'organiser',
  organiser: 'organiser',
  narahubung: 'contact',
  contact: 'contact',
};

/** The names a template may use, as the template page lists them. */
export const PLACEHOLDER_LIST = Object.keys(PLACEHOLDER_NAMES);

// A placeholder is a name in braces; any other brace (a lone "{" or "{ }") is plain text.
const PLACEHOLDER_PATTERN = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface TemplateText {
  subject: string;
  body: string;
}

export interface TemplateValues {
  name: string;
  /** The personal link; null where the message has none (reminders) or it is not yet created. */
  link: string | null;
  closesOn: string | null;
  organiser: string | null;
  contact: string | null;
}

export type TemplateProblemCode = 'required' | 'too_long' | 'one_line' | 'unknown_placeholder' | 'link_not_allowed' | 'link_not_alone' | 'link_required';

export interface TemplateProblem {
  field: 'subject' | 'body';
  code: TemplateProblemCode;
  /** The placeholder as written, for unknown_placeholder, link_not_allowed and link_not_alone. */
  placeholder?: string;
  max?: number;
}

export const SUBJECT_MAX = 200;
export const BODY_MAX = 5000;

/**
 * What is wrong with a template, field by field. A reminder may not carry the link: the link is
 * never kept (see service.ts), so a reminder cannot know it; an invitation and a chat message must.
 */
export function checkTemplate(kind: TemplateKind, text: TemplateText): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const fields: ('subject' | 'body')[] = kind === 'chat' ? ['body'] : ['subject', 'body'];
  for (const field of fields) {
    const value = text[field];
    const max = field === 'subject' ? SUBJECT_MAX : BODY_MAX;
    if (value.trim() === '') problems.push({ field, code: 'required' });
    else if (value.length > max) problems.push({ field, code: 'too_long', max });
    if (field === 'subject' && /[\r\n]/.test(value)) problems.push({ field, code: 'one_line' });
    for (const match of value.matchAll(PLACEHOLDER_PATTERN)) {
      const meaning = PLACEHOLDER_NAMES[match[1]];
      if (meaning === undefined) problems.push({ field, code: 'unknown_placeholder', placeholder: match[0] });
      else if (meaning === 'link' && kind === 'reminder') problems.push({ field, code: 'link_not_allowed', placeholder: match[0] });
      // The link stands on its own: glued into another address ("https://x.example/?u={tautan}")
      // it would send every employee, token and answers through someone else's server.
      else if (meaning === 'link' && !standsAlone(value, match.index, match[0].length)) problems.push({ field, code: 'link_not_alone', placeholder: match[0] });
    }
  }
  if (kind !== 'reminder' && !usesLink(text.body)) problems.push({ field: 'body', code: 'link_required' });
  return problems;
}

function standsAlone(text: string, start: number, length: number): boolean {
  const before = start === 0 ? '' : text[start - 1];
  const after = text[start + length] ?? '';
  return /^[\s(<"'«]?$/.test(before) && /^[\s.,;:!?)>"'»]?$/.test(after);
}

function usesLink(text: string): boolean {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].some((match) => PLACEHOLDER_NAMES[match[1]] === 'link');
}

/** Fills the placeholders; a value that is missing (no closing date, no contact) reads as a dash. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
    switch (PLACEHOLDER_NAMES[name]) {
      case 'name':
        return values.name;
      case 'link':
        return values.link ?? whole;
      case 'closing_id':
        return formatLongDate(values.closesOn, 'id');
      case 'closing_en':
        return formatLongDate(values.closesOn, 'en');
      case 'organiser':
        return values.organiser ?? '—';
      case 'contact':
        return values.contact ?? '—';
      default:
        return whole;
    }
  });
}

export function renderTemplate(text: TemplateText, values: TemplateValues): TemplateText {
  // A subject is one line whatever the values hold (a name is never a header of its own).
  return { subject: fillTemplate(text.subject, values).replace(/[\r\n]+/g, ' '), body: fillTemplate(text.body, values) };
}

const DEFAULTS: Record<'id' | 'en', Record<TemplateKind, TemplateText>> = {
  id: {
    invitation: {
      subject: 'Undangan mengisi survei {penyelenggara}',
      body: [
        'Yth. {nama},',
        '',
        '{penyelenggara} mengundang Bapak/Ibu mengisi survei diagnosis organisasi. Jawaban Bapak/Ibu anonim: tidak seorang pun dapat mengetahui jawaban siapa.',
        '',
        'Tautan pribadi Bapak/Ibu (mohon tidak diteruskan kepada orang lain):',
        '{tautan}',
        '',
        'Survei dapat diisi sampai {tanggal_tutup}. Bila ada pertanyaan, hubungi {narahubung}.',
        '',
        'Terima kasih.',
      ].join('\n'),
    },
    reminder: {
      subject: 'Pengingat: survei {penyelenggara} ditutup {tanggal_tutup}',
      body: [
        'Yth. {nama},',
        '',
        'Survei {penyelenggara} masih dapat diisi sampai {tanggal_tutup}. Silakan gunakan tautan pribadi dalam surel undangan yang telah Bapak/Ibu terima.',
        '',
        'Bila surel undangan itu tidak dapat ditemukan, hubungi {narahubung} untuk meminta tautan baru.',
        '',
        'Bila Bapak/Ibu sudah mengisi, abaikan pesan ini. Terima kasih.',
      ].join('\n'),
    },
    chat: {
      subject: '',
      body: 'Yth. {nama}, {penyelenggara} mengundang Bapak/Ibu mengisi survei (jawaban anonim) sampai {tanggal_tutup}. Tautan pribadi, mohon tidak diteruskan: {tautan} — pertanyaan: {narahubung}',
    },
  },
  en: {
    invitation: {
      subject: 'Invitation to the {organiser} survey',
      body: [
        'Dear {name},',
        '',
        '{organiser} invites you to take part in the organisational survey. Your answers are anonymous: no one can tell whose answers they are.',
        '',
        'Your personal link (please do not pass it on):',
        '{link}',
        '',
        'The survey is open until {closing_date}. Questions? Please contact {contact}.',
        '',
        'Thank you.',
      ].join('\n'),
    },
    reminder: {
      subject: 'Reminder: the {organiser} survey closes on {closing_date}',
      body: [
        'Dear {name},',
        '',
        'The {organiser} survey is open until {closing_date}. Please use the personal link in the invitation e-mail you received.',
        '',
        'If you cannot find that e-mail, please contact {contact} for a new link.',
        '',
        'If you have already answered, please ignore this message. Thank you.',
      ].join('\n'),
    },
    chat: {
      subject: '',
      body: 'Dear {name}, {organiser} invites you to take part in the survey (anonymous answers) until {closing_date}. Your personal link, please do not pass it on: {link} — questions: {contact}',
    },
  },
};

export function defaultTemplate(kind: TemplateKind, lang: 'id' | 'en' = 'id'): TemplateText {
  return { ...DEFAULTS[lang][kind] };
}

/**
 * The chat message of the links CSV when no round's wording is at hand: the name and the link
 * alone, so that the column is never empty.
 */
export function plainChatMessage(name: string, link: string): string {
  return `Yth. ${name}, mohon mengisi survei melalui tautan pribadi berikut (mohon tidak diteruskan): ${link}`;
}
