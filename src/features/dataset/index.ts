export { DatasetPanel } from './DatasetPanel';
export { EditScope, ReadOnlyBanner } from './ReadOnlyBanner';
