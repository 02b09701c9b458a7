// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import charts from './charts.json';
import common from './common.json';
import dataset from './dataset.json';
import evaluation from './evaluation.json';
import exportNs from './export.json';
import importNs from './import.json';
import lab from './lab.json';
import lesson from './lesson.json';
import notices from './notices.json';
import shell from './shell.json';
import training from './training.json';
import trunk from './trunk.json';

export const fr = { charts, common, dataset, evaluation, export: exportNs, import: importNs, lab, lesson, notices, shell, training, trunk };
