export { TrainingPanel } from './TrainingPanel';
