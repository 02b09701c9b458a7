// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import common from './common.json';
import lab from './lab.json';
import lesson from './lesson.json';

export const en = { common, lab, lesson };
