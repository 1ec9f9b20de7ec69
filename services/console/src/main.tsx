import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initLanguage } from './i18n';
// The platform's own font (Arimo, metric-compatible with Arial), bundled with the console:
// staff PCs draw the same text widths whatever fonts they have. Each face is split by script;
// the browser fetches only the files for the characters on screen.
import '@fontsource/arimo/400.css';
import '@fontsource/arimo/400-italic.css';
import '@fontsource/arimo/600.css';
import '@fontsource/arimo/700.css';
import './styles.css';

// The stored language first, so the first paint is already in it.
void initLanguage().finally(() => {
  createRoot(document.getElementById('root')!).render(<App />);
});
