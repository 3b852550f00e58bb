import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'ram-console.language';

function storedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && (LANGUAGES as readonly string[]).includes(v)) return v as Language;
  } catch {
    // Storage may be blocked; English then.
  }
  return 'en';
}

/**
 * English ships in the entry chunk; 简体中文 is its own chunk, fetched when it is chosen (or was
 * chosen on an earlier visit): the initial JS stays within its budget (apps/web/scripts/size.mjs).
 */
async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' || i18n.hasResourceBundle(language, 'translation')) return;
  const { default: bundle } = await import('../locales/zh-CN.json');
  i18n.addResourceBundle(language, 'translation', bundle, true, true);
}

/** Resolves once the console's language is ready to render (main.tsx waits for it). */
export const i18nReady: Promise<void> = (async () => {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const language = storedLanguage();
  if (language !== 'en') {
    // A chunk that cannot be fetched leaves the console in English rather than blank.
    await loadLanguage(language)
      .then(() => i18n.changeLanguage(language))
      .catch(() => undefined);
  }
  document.documentElement.lang = i18n.language;
})();

/** Switches the console's language and remembers it for the next visit. */
export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisted; still switched for this visit.
  }
  void loadLanguage(language).then(async () => {
    await i18n.changeLanguage(language);
    document.documentElement.lang = language;
  });
}

export default i18n;
