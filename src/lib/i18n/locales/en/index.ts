// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import common from './common.json';
import notices from './notices.json';

export const en = { common, notices };
