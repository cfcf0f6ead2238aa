import { en } from './en';
import { id, type Messages } from './id';

export type Lang = 'id' | 'en';
export const LANGS: Lang[] = ['id', 'en'];
export const DEFAULT_LANG: Lang = 'id';

const catalogues: Record<Lang, Messages> = { id, en };

export function isLang(value: unknown): value is Lang {
  return value === 'id' || value === 'en';
}

export type Translate = (key: keyof Messages, params?: Record<string, string | number>) => string;

/** Looks a message up in the chosen language and fills {placeholders}. */
export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => {
    // A key built at run time (e.g. from a query parameter) that does not exist shows as itself, never as a crash.
    const template: string = catalogue[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}
