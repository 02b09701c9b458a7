export { TryItPanel } from './TryItPanel';
