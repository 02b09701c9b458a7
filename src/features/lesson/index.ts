export { SampleProjectPicker } from './SampleProjectPicker';
export { GuidedLesson } from './GuidedLesson';
