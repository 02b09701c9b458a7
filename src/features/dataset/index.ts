export { DatasetPanel } from './DatasetPanel';
