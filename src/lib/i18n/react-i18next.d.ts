import 'i18next';
import type { Namespaces } from './catalogues';

// Keys are checked at compile time against the English catalogues.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: Namespaces;
    returnNull: false;
  }
}
