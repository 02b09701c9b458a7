// One JSON catalogue per area of the app (namespaces), so each area's strings live apart.
import common from './common.json';
import dataset from './dataset.json';
import importNs from './import.json';
import shell from './shell.json';

export const fr = { common, dataset, import: importNs, shell };
