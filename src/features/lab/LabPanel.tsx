import { useEffect } from 'react';
import { connectLabEvents, runComparison, stopLab } from '../../app/lab-actions';
import { selectLabBusy, useLabStore } from '../../state/lab-store';
import { useTrunkStore } from '../../state/trunk-store';
import { ComparisonChart } from './ComparisonChart';
import { DataSizeChart } from './DataSizeChart';
import { LabSettingsForm } from './LabSettingsForm';
import { BenefitsTable } from './BenefitsTable';
import { ScenarioAdvisor } from './ScenarioAdvisor';
import { StrategyPicker } from './StrategyPicker';
import './lab.css';

function ComparisonStatus() {
  const comparison = useLabStore((s) => s.comparison);
  const prepared = useLabStore((s) => s.prepared);
  const runs = useLabStore((s) => s.runs);
  const summary = useLabStore((s) => s.summary);
  const seedsTotal = useLabStore((s) => s.settings.seeds);
  let text = 'Add photos to at least two classes (three or more per class), then run the comparison.';
  if (comparison.status === 'preparing') text = `Preparing photos ${prepared.done}/${prepared.total}: each is decoded once and run through the frozen layers once.`;
  if (comparison.status === 'running') {
    const active = Object.values(runs).filter((run) => run?.runId === comparison.runId);
    const current = active.find((run) => run && run.seeds.filter((s) => s.finished).length < seedsTotal);
    const latest = current?.seeds.at(-1);
    text = current ? `Training ${current.strategy}, seed ${current.seeds.length}/${seedsTotal}, epoch ${latest?.epochs.at(-1)?.epoch ?? 0}/${current.epochBudget}` : 'Training…';
  }
  if (comparison.status === 'done' && summary) {
    text = `Done in ${(summary.wallMs / 1000).toFixed(0)} s: ${summary.trainCount} training, ${summary.valCount} validation and ${summary.testCount} test photos, the same split for every strategy.`;
  }
  if (comparison.status === 'stopped') text = comparison.message ?? 'Stopped.';
  return (
    <>
      <p data-testid="lab-status" data-status={comparison.status} aria-live="polite">
        {text}
      </p>
      {comparison.status === 'preparing' && <progress max={Math.max(1, prepared.total)} value={prepared.done} />}
      {comparison.status === 'error' && comparison.message && (
        <p role="alert" className="error" data-testid="lab-error">
          {comparison.message}
        </p>
      )}
    </>
  );
}

/** Transfer vs scratch, side by side on the user's own photos. */
export function LabPanel() {
  useEffect(connectLabEvents, []);
  const busy = useLabStore(selectLabBusy);
  const trunkReady = useTrunkStore((s) => s.status === 'ready');
  const selected = useLabStore((s) => s.selected);
  return (
    <section className="panel lab-panel" aria-label="Transfer vs scratch lab" data-testid="lab-panel">
      <h2>Lab: transfer learning vs learning from scratch</h2>
      <p className="muted lab-explain">
        A <strong>pretrained model</strong> is a network that has already learnt to recognise a thousand kinds of things from 1.2 million ImageNet photos.
        <strong> Transfer learning</strong> reuses what it learnt for your classes instead of starting from nothing. Below, four ways of building your classifier train on the same photos,
        for the same number of epochs, so you can see the three promises of transfer learning: a higher <em>start</em>, a steeper <em>slope</em> and a higher <em>asymptote</em>.
      </p>
      <div className="lab-controls">
        <StrategyPicker disabled={busy} />
        <LabSettingsForm disabled={busy} />
      </div>
      <div className="row">
        <button type="button" className="primary" data-testid="lab-run" disabled={busy || !trunkReady || selected.length === 0} onClick={() => void runComparison()}>
          Run the comparison
        </button>
        <button type="button" data-testid="lab-stop" disabled={!busy} onClick={() => void stopLab()}>
          Stop
        </button>
      </div>
      <ComparisonStatus />
      <ComparisonChart />
      <BenefitsTable />
      <p className="muted lab-explain">
        Why do the curves differ? The pretrained features already tell flowers from dogs from cars, so a head on top starts high and needs only a few epochs.
        The same network with random weights, or a small one of our own, must first discover edges, textures and shapes from your few photos: it starts at chance and climbs slowly.
      </p>
      <DataSizeChart />
      <ScenarioAdvisor />
    </section>
  );
}
