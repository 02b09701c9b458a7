import { useEffect } from 'react';
import { DatasetPanel } from '../features/dataset';
import { EvaluationPanel, SplitPanel, TryItPanel } from '../features/evaluation';
import { ExportPanel } from '../features/export';
import { ImportPanel } from '../features/import';
import { LabPanel } from '../features/lab';
import { LanguagePicker } from '../features/language/LanguagePicker';
import { NoticeList } from '../features/notices/NoticeList';
import { TrainingPanel } from '../features/training';
import { TrunkPanel } from '../features/trunk/TrunkPanel';
import { installAutomation } from './automation';
import { connectEvaluation } from './evaluation-actions';
import { startProjectPersistence } from './project-persistence';
import { connectInteropEvents } from './interop-actions';
import { installSpeedAutomation } from './speed-automation';
import { loadInstalledTrunk } from './trunk-actions';
import { connectWorkerEvents } from './worker-events';

let started = false;

/** Runs once per page, also under StrictMode's double mount: one worker, one trunk load. */
function startApp(): void {
  if (started) return;
  started = true;
  connectWorkerEvents();
  connectEvaluation();
  connectInteropEvents();
  installAutomation();
  void startProjectPersistence();
  installSpeedAutomation();
  void loadInstalledTrunk();
}

export function App() {
  useEffect(startApp, []);
  return (
    <div className="app">
      <header className="app-header">
        <LanguagePicker />
        <h1>Transfer Lab</h1>
        <p className="muted">Teach a pretrained MobileNet new classes from your own photos, right in this tab.</p>
        <TrunkPanel />
      </header>
      <NoticeList />
      <main className="layout">
        <DatasetPanel />
        <div className="side">
          <TrainingPanel />
          <SplitPanel />
          <TryItPanel />
          <ExportPanel />
          <ImportPanel />
        </div>
      </main>
      <EvaluationPanel />
      <LabPanel />
    </div>
  );
}
