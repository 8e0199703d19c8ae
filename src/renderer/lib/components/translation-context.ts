/**
 * The translate function every component uses, provided once at the top of the
 * page. It follows the language picker: calls read the current language, so
 * whatever a component renders with it is redrawn when the language changes.
 */
import { createContext } from 'svelte';
import type { Translate } from '../i18n/translate';

export const [translation, setTranslation] = createContext<Translate>();
