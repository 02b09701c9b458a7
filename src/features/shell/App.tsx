import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { connectEvaluation } from '../../app/evaluation-actions';
import { connectInteropEvents } from '../../app/interop-actions';
import { connectLabEvents } from '../../app/lab-actions';
import { connectSourceModelEvents } from '../../app/source-model-actions';
import { startProjectPersistence } from '../../app/project-persistence';
import { loadInstalledTrunk } from '../../app/trunk-actions';
import { connectWorkerEvents } from '../../app/worker-events';
import { DatasetPanel, EditScope, ReadOnlyBanner } from '../dataset';
import { EvaluationPanel, SplitPanel, TryItPanel } from '../evaluation';
import { ExportPanel } from '../export';
import { ImportPanel } from '../import';
import { LabPanel } from '../lab';
import { LanguagePicker } from '../language/LanguagePicker';
import { GuidedLesson, SampleProjectPicker } from '../lesson';
import { NoticeList } from '../notices/NoticeList';
import { TrainingPanel } from '../training';
import { TrunkPanel } from '../trunk/TrunkPanel';
import { ProjectorToggle } from './ProjectorToggle';
import { StepNav } from './StepNav';
import { UpdateBanner } from './UpdateBanner';
import { STEPS, stepFromHash, type StepId } from './steps';
import './shell.css';

let started = false;

/** Runs once per page, also under StrictMode's double mount: one worker, one trunk load. */
function startApp(): void {
  if (started) return;
  started = true;
  connectWorkerEvents();
  connectEvaluation();
  connectInteropEvents();
  connectLabEvents();
  connectSourceModelEvents();
  void startProjectPersistence();
  void loadInstalledTrunk();
}

interface StepViewProps {
  id: StepId;
  current: StepId;
  onNext: (step: StepId) => void;
  children: ReactNode;
}

/**
 * Every step stays mounted and is only hidden: a half-typed class name, a running lab or a chosen
 * export setting survive a step change, and scripts still find each data-testid in the page.
 */
function StepView({ id, current, onNext, children }: StepViewProps) {
  const { t } = useTranslation('shell');
  const index = STEPS.findIndex((s) => s.id === id);
  const next = STEPS[index + 1];
  return (
    <div
      className={`step-view step-view-${id}`}
      data-testid={`view-${id}`}
      hidden={id !== current}
      tabIndex={-1}
      aria-label={t(`steps.${id}.label`)}
      role="region"
    >
      {children}
      {next && (
        <div className="step-next">
          <button type="button" data-testid={`next-${next.id}`} onClick={() => onNext(next.id)}>
            {t('nextStep', { step: t(`steps.${next.id}.label`) })}
          </button>
        </div>
      )}
    </div>
  );
}

export function App() {
  const { t } = useTranslation('shell');
  useEffect(startApp, []);
  const [step, setStep] = useState<StepId>(() => stepFromHash(window.location.hash));
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    const onHash = () => setStep(stepFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (next: StepId) => {
    setStep(next);
    // replaceState: the Back button leaves the app as before instead of walking through steps.
    window.history.replaceState(null, '', `#${next}`);
  };
  /** The "Next step" button disappears with its step, so focus moves to the new step's start. */
  const goNext = (next: StepId) => {
    select(next);
    window.scrollTo({ top: 0 });
    requestAnimationFrame(() => main.current?.querySelector<HTMLElement>(`[data-testid="view-${next}"]`)?.focus());
  };
  const view = (id: StepId, children: ReactNode) => (
    <StepView id={id} current={step} onNext={goNext}>
      {children}
    </StepView>
  );

  return (
    <div className="app">
      <header className="app-header">
        <div className="app-title">
          <h1>{t('appName', { ns: 'common' })}</h1>
          <div className="app-tools">
            <UpdateBanner />
            <LanguagePicker />
            <ProjectorToggle />
          </div>
        </div>
        <p className="subtitle">{t('subtitle')}</p>
        <TrunkPanel />
      </header>
      <StepNav current={step} onSelect={select} />
      <NoticeList />
      <ReadOnlyBanner />
      <EditScope>
        <main ref={main}>
          {view(
            'data',
            <>
              <SampleProjectPicker />
              <DatasetPanel />
            </>,
          )}
          {view(
            'train',
            <div className="layout">
              <TrainingPanel />
              <SplitPanel />
            </div>,
          )}
          {view(
            'evaluate',
            <div className="stack">
              <TryItPanel />
              <EvaluationPanel />
            </div>,
          )}
          {view(
            'lab',
            <>
              <GuidedLesson />
              <LabPanel />
            </>,
          )}
          {view(
            'export',
            <div className="layout">
              <ExportPanel />
              <ImportPanel />
            </div>,
          )}
        </main>
      </EditScope>
    </div>
  );
}
