export { SampleProjectPicker } from './SampleProjectPicker';
