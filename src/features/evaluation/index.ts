import './evaluation.css';
export { EvaluationPanel } from './EvaluationPanel';
export { SplitPanel } from './SplitPanel';
export { TryItPanel } from './TryItPanel';
