// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import charts from './charts.json';
import common from './common.json';
import evaluation from './evaluation.json';

export const fr = { common, charts, evaluation };
