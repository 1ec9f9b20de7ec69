import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initLanguage } from './i18n';
import './styles.css';

// The stored language first, so the first paint is already in it.
void initLanguage().finally(() => {
  createRoot(document.getElementById('root')!).render(<App />);
});
