// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import common from './common.json';
import training from './training.json';
import trunk from './trunk.json';
import exportNs from './export.json';

export const es = { common, training, trunk, export: exportNs };
