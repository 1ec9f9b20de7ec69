import { setLanguage, t, useLanguage } from '../i18n';

/** Bahasa Indonesia / English; the choice is kept in this browser. */
export function LanguageSwitch() {
  const language = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      <button
        type="button"
        lang="id"
        aria-pressed={language === 'id'}
        onClick={() => void setLanguage('id')}
        data-testid="language-id"
      >
        Bahasa Indonesia
      </button>
      <button
        type="button"
        lang="en"
        aria-pressed={language === 'en'}
        onClick={() => void setLanguage('en')}
        data-testid="language-en"
      >
        English
      </button>
    </div>
  );
}
