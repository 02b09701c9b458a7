export { LabPanel } from './LabPanel';
