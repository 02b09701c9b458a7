// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import charts from './charts.json';
import common from './common.json';
import dataset from './dataset.json';
import evaluation from './evaluation.json';
import importNs from './import.json';
import lab from './lab.json';
import lesson from './lesson.json';
import notices from './notices.json';
import shell from './shell.json';

export const es = { charts, common, dataset, evaluation, import: importNs, lab, lesson, notices, shell };
